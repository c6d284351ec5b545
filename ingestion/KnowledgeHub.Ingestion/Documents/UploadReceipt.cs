namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// What an upload with an Idempotency-Key answered, kept so that a repeat of the same request gets the same answer.
/// </summary>
/// <param name="Fingerprint">SHA-256 over what the request asked for (bytes, file name, collection, external id).</param>
/// <param name="ResponseBody">The JSON the first request answered, replayed as it was.</param>
public sealed record UploadReceipt(
    string Tenant,
    string Key,
    string Fingerprint,
    string DocumentId,
    int StatusCode,
    string ResponseBody,
    DateTimeOffset CreatedAt);
