namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// The two lanes of ingestion work: documents below <see cref="IngestionOptions.LargeDocumentBytes"/> go to the small
/// lane, which every worker takes; larger ones to the large lane, which only the large lane's workers take, so a few
/// huge files never hold every worker. The names are the job system's queue names.
/// </summary>
public static class IngestionLanes
{
    public const string Small = "default";

    public const string Large = "large";

    public static string For(long sizeBytes, IngestionOptions options) => sizeBytes >= options.LargeDocumentBytes ? Large : Small;
}
