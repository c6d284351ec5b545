using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>Which documents the health check and the stalled gauge count as stalled, whatever step their record shows.</summary>
public sealed class StalledDocumentTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("extract")]
    [InlineData(IngestionPipeline.OcrStep)]
    [InlineData("chunk")]
    [InlineData("embed")]
    [InlineData(VersionIndexer.Step)]
    public async Task A_document_without_a_status_change_for_longer_than_StallAfter_is_found_stalled_at_any_step(string step)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var collection = PipelineServices.Collection(folder, new HashingEncoder(16));
        collection.AddSingleton<TimeProvider>(clock);
        await using var services = collection.BuildServiceProvider();
        var id = await StoredDocuments.AddAsync(services, "doc_held", "scan.txt", "A page that waits for OCR.");
        await services.GetRequiredService<IDocumentStore>().UpdateProgressAsync(id, new DocumentProgress(DocumentStatus.Processing, step, 3, 40));
        var backlog = services.GetRequiredService<IngestionBacklog>();

        clock.Advance(backlog.StallAfter - TimeSpan.FromSeconds(1));
        Assert.Empty(await backlog.FindStalledAsync());

        clock.Advance(TimeSpan.FromSeconds(2));
        var stalled = Assert.Single(await backlog.FindStalledAsync());
        Assert.Equal((id, step), (stalled.Document.Id, stalled.Step));
    }
}
