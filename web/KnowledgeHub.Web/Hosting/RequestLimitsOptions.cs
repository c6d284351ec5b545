using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// How much a request may send, per kind of endpoint; a larger body is refused with 413 before it is read. Uploads
/// have their own limit (<c>KnowledgeHub:Ingestion:MaxUploadBytes</c>).
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "KnowledgeHub:Limits";

    /// <summary>Body of every JSON endpoint under /api (search, ask, keys, feedback) and of anything else that takes a body.</summary>
    [Range(1024, 1L << 30)]
    public long JsonBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Body of /v1/chat/completions: chat clients resend the whole history, so it needs more room than a question.</summary>
    [Range(1024, 1L << 30)]
    public long ChatBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Messages in one chat completion request.</summary>
    [Range(1, 1_000_000)]
    public int ChatMaxMessages { get; set; } = 1000;
}
