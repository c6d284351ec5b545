using KnowledgeHub.Retrieval.Fusion;
using Microsoft.Extensions.Options;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Retrieval.Tests.Fusion;

public sealed class HybridRetrieverFusionTests
{
    [Fact]
    public async Task The_retriever_sends_each_search_the_fusion_settings_of_its_collection()
    {
        var options = new FusionOptions { KeywordWeight = 1 };
        options.Collections["covidqa"] = new FusionSettings { KeywordWeight = 2, DenseWeight = 1, DenseFeedbackChunks = 0 };
        var index = new RecordingIndex();
        var retriever = new HybridRetriever(new HashingEncoder(), index, fusion: Options.Create(options));

        await retriever.SearchAsync("pump seals", new SearchFilter("t1", "covidqa"));
        await retriever.SearchAsync("pump seals", new SearchFilter("t1", "manuals"));
        await retriever.SearchAsync("pump seals", new SearchFilter("t1"));

        Assert.Equal([2.0, 1.0, 1.0], index.Requests.Select(r => r.Fusion!.KeywordWeight));
        Assert.Equal([0, 3, 3], index.Requests.Select(r => r.Fusion!.DenseFeedbackChunks));
    }

    [Fact]
    public async Task Without_fusion_options_the_index_keeps_its_own_defaults()
    {
        var index = new RecordingIndex();

        await new HybridRetriever(new HashingEncoder(), index).SearchAsync("pump seals", new SearchFilter("t1", "covidqa"));

        Assert.Null(Assert.Single(index.Requests).Fusion);
    }

    private sealed class RecordingIndex : ISearchIndex
    {
        public List<SearchRequest> Requests { get; } = [];

        public string ModelId => HashingEncoder.Id;

        public Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task DeleteDocumentAsync(string tenant, string documentId, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task DeleteOlderVersionsAsync(string tenant, string documentId, int keepVersion, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult<IReadOnlyList<SearchHit>>([]);
        }

        public Task SetSuspiciousAsync(string tenant, string chunkId, string? reason, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SetMetadataAsync(string tenant, string documentId, IReadOnlyDictionary<string, KnowledgeHub.Retrieval.Metadata.MetadataValue>? metadata, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SetAccessGroupsAsync(string tenant, string documentId, IReadOnlyList<string>? groups, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<int> CountAsync(string tenant, string? documentId = null, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }
}
