using System.Text;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;

namespace KnowledgeHub.Bench;

/// <summary>How the evaluation verbs put a text into a collection: uploaded, then ingested in this process.</summary>
internal static class TextDocumentIngestion
{
    /// <returns>The document id, and whether its ingestion ran (false when a rerun on the same data folder found it done).</returns>
    public static async Task<(string Id, bool Ran)> IngestAsync(
        IServiceProvider services, string tenant, string collection, string fileName, string text, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var upload = await services.GetRequiredService<DocumentService>()
            .UploadAsync(tenant, collection, fileName, "text/plain", body, enqueue: false, cancellationToken: cancellationToken);
        if (upload.Duplicate && upload.Document.Status == DocumentStatus.Completed)
        {
            return (upload.Document.Id, false);
        }

        await services.GetRequiredService<IngestionPipeline>().RunAsync(upload.Document.Id, cancellationToken);
        return (upload.Document.Id, true);
    }
}
