using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Ingestion.Pipeline;

public sealed class IngestionOptions
{
    public const string Section = "KnowledgeHub:Ingestion";

    /// <summary>Largest accepted upload; larger uploads are refused while streaming, before they are stored.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Attempts per document for transient failures (fatal ones, like a corrupt file, fail at once).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Chunks embedded per encoder call; progress is reported after each batch.</summary>
    [Range(1, 1024)]
    public int EmbedBatchSize { get; set; } = 64;

    /// <summary>Documents with more pages are refused (a 5,000-page scan is more likely a mistake than a manual).</summary>
    [Range(1, 1_000_000)]
    public int MaxPages { get; set; } = 5000;

    /// <summary>Time limit for parsing one document.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ExtractTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Time limit for embedding one document's chunks. Exceeding it fails the document for good: the same document
    /// would take as long again (5,000 pages embed in about 5 minutes on two cores).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan EmbedTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Time limit for writing one version to the index. Exceeding it counts as a transient failure (a busy or
    /// unreachable index) and is retried up to <see cref="MaxAttempts"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IndexTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Documents processed at the same time by one process (Hangfire workers). 0 = number of cores.</summary>
    [Range(0, 64)]
    public int Workers { get; set; }

    /// <summary>
    /// How often the index owner looks in the store for versions that workers chunked and embedded but could not
    /// index themselves (PostgreSQL jobs with the embedded index).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan IndexPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Collection used when an upload names none.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string DefaultCollection { get; set; } = "default";
}
