using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>A full disk is nobody's fault: however often it hits a document, the document waits queued and completes once space returns.</summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_full_disk_at_every_attempt_leaves_the_document_queued_without_an_error_and_it_completes_when_space_returns()
    {
        var encoder = new FullDiskEncoder(new GatedEncoder(new StepGate("none")));
        await using var provider = PipelineServices.Build(folder, encoder);
        var id = await StoredDocuments.AddAsync(provider, "doc_full", "memo.txt", "The loading dock opens at seven.");
        var pipeline = provider.GetRequiredService<IngestionPipeline>();
        var store = provider.GetRequiredService<IDocumentStore>();

        // More attempts than MaxAttempts (3): each one is thrown back for Hangfire to retry, none fails the document.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var error = await Assert.ThrowsAsync<IOException>(() => pipeline.RunAsync(id));
            Assert.Equal(28, error.HResult);
            var waiting = (await store.GetByIdAsync(id))!;
            Assert.Equal((DocumentStatus.Queued, (string?)null), (waiting.Status, waiting.Error));
        }

        encoder.SpaceReturned = true;
        await pipeline.RunAsync(id);

        Assert.Equal(DocumentStatus.Completed, (await store.GetByIdAsync(id))!.Status);
    }

    /// <summary>An encoder whose vector cache write would fail the way a full disk fails: IOException with ENOSPC.</summary>
    private sealed class FullDiskEncoder(ITextEncoder inner) : ITextEncoder
    {
        public bool SpaceReturned { get; set; }

        public string ModelId => inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public int MaxTokens => inner.MaxTokens;

        public int CountTokens(string text) => inner.CountTokens(text);

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default) =>
            SpaceReturned ? inner.EmbedAsync(texts, purpose, cancellationToken) : throw new IOException("No space left on device", 28);
    }
}
