namespace KnowledgeHub.Ingestion.Documents;

/// <summary>What an upload with an idempotency key gets.</summary>
public enum UploadKeyOutcome
{
    /// <summary>The key is new (or its receipt has expired): store the upload; once stored, its answer is the key's.</summary>
    Proceed,

    /// <summary>The same request came with this key before: answer with <see cref="UploadKeyDecision.Receipt"/> again.</summary>
    Replay,

    /// <summary>The key was used for a different request within the window: refuse.</summary>
    Conflict,
}

/// <param name="Fingerprint">What this request asked for (<see cref="UploadKeys.FingerprintAsync"/>).</param>
/// <param name="Receipt">The earlier answer for <see cref="UploadKeyOutcome.Replay"/> and <see cref="UploadKeyOutcome.Conflict"/>; this upload's own once kept.</param>
public sealed record UploadKeyDecision(UploadKeyOutcome Outcome, string Tenant, string Key, string Fingerprint, UploadReceipt? Receipt);
