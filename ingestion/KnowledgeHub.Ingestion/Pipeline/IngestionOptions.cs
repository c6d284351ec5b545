using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Ingestion.Pipeline;

public sealed class IngestionOptions
{
    public const string Section = "KnowledgeHub:Ingestion";

    /// <summary>Largest accepted upload; larger uploads are refused while streaming, before they are stored.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The largest <see cref="MaxAttempts"/>; the job system grants every job this many retries.</summary>
    public const int MaxAttemptsLimit = 20;

    /// <summary>Attempts per document for transient failures (fatal ones, like a corrupt file, fail at once).</summary>
    [Range(1, MaxAttemptsLimit)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// Texts per encoder call: the shared embedding batcher fills calls up to this many with the chunks of every
    /// document being ingested; each document reports progress after each of its batches of this size.
    /// </summary>
    [Range(1, 1024)]
    public int EmbedBatchSize { get; set; } = 64;

    /// <summary>
    /// How long the shared embedding batcher waits for texts of other documents before an encoder call that is not
    /// full yet (<see cref="EmbeddingBatcher"/>). Texts that arrive while a call runs join the next call anyway; 0 waits
    /// for nothing more.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan EmbedBatchWait { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Documents whose index writes are grouped into one upsert and commit (<see cref="IndexWriteGroup"/>); 1 writes each
    /// document alone. A document reads completed only once its group is committed.
    /// </summary>
    [Range(1, 10_000)]
    public int IndexCommitDocuments { get; set; } = 64;

    /// <summary>
    /// How long a grouped index write that finds the index idle waits for other documents' writes before it commits
    /// (writes arriving during a commit join the next group anyway); 0 waits for nothing more.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan IndexCommitWindow { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Documents with more pages are refused (a 5,000-page scan is more likely a mistake than a manual).</summary>
    [Range(1, 1_000_000)]
    public int MaxPages { get; set; } = 5000;

    /// <summary>Documents cut into more chunks are refused (a dump or a log file, rarely knowledge); checked before embedding.</summary>
    [Range(1, 10_000_000)]
    public int MaxChunks { get; set; } = 20_000;

    /// <summary>
    /// Time limit for parsing one document. While OCR reads its pages the limit counts from the last page read (each
    /// page has its own KnowledgeHub:Ocr:PageTimeout), so a long scan is limited by its progress, not its length.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ExtractTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time limit for cutting one document into chunks and storing them.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ChunkTimeout { get; set; } = TimeSpan.FromMinutes(5);

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

    /// <summary>
    /// Documents processed at the same time by one process (Hangfire workers). 0 = <see cref="DefaultWorkers"/> or the
    /// number of cores, whichever is more: a job spends most of its time waiting for the shared encoder, and it takes
    /// many jobs at once to fill its calls (<see cref="EmbedBatchSize"/>) and to parse the next documents meanwhile.
    /// </summary>
    [Range(0, 64)]
    public int Workers { get; set; }

    /// <summary>Workers when <see cref="Workers"/> is 0 on a machine with fewer cores: enough documents of 1 to 4 chunks to fill an encoder call.</summary>
    public const int DefaultWorkers = 16;

    /// <summary>
    /// Uploads of at least this many bytes wait in a queue of their own, which only some workers take
    /// (<see cref="LargeDocumentWorkers"/>): the others stay free for small documents, so a few huge files never
    /// keep a one-page memo waiting.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long LargeDocumentBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>
    /// Workers that take large documents (and small ones when no large one waits); the rest take only small ones.
    /// 0 = half of <see cref="Workers"/>, or half of the cores when <see cref="Workers"/> is 0 too (large documents
    /// are parsed, not waited for: more of them at once would only share the cores and multiply memory). There is
    /// always at least one of each kind, so one process runs two workers even when <see cref="Workers"/> is 1.
    /// </summary>
    [Range(0, 64)]
    public int LargeDocumentWorkers { get; set; }

    /// <summary>
    /// How often a running ingestion looks in the store to see whether its document was deleted or has a newer version,
    /// and stops if so. Deletes and uploads in the same process stop it at once; this bounds the wait for a run in
    /// another process.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RunCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the index owner looks in the store for versions that workers chunked and embedded but could not
    /// index themselves (PostgreSQL jobs with the embedded index).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan IndexPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The workers of one process: (small lane, large lane), each at least 1.</summary>
    public (int Small, int Large) WorkerLanes(int processorCount)
    {
        var total = Workers > 0 ? Workers : Math.Max(DefaultWorkers, processorCount);
        var largeDefault = Workers > 0 ? total / 2 : processorCount / 2;
        var large = Math.Clamp(LargeDocumentWorkers > 0 ? LargeDocumentWorkers : largeDefault, 1, Math.Max(1, total - 1));
        return (Math.Max(1, total - large), large);
    }

    /// <summary>
    /// How often unfinished documents without a job (unchanged for at least this long) are queued again: a status
    /// write lost to a full disk, or a job dropped after its last retry, is put right once the cause is gone.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RequeueInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A processing document whose status has not changed for this long is reported stalled (GET /api/ingestion,
    /// /health/ready as degraded, the knowledgehub.ingestion.stalled metric) and may be retried. Longer than every
    /// step's own limit between two progress writes, so a slow but live document is not reported.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Collection used when an upload names none.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string DefaultCollection { get; set; } = "default";
}
