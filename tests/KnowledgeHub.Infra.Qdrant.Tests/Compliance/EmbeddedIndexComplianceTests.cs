using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;

namespace KnowledgeHub.Infra.Qdrant.Tests.Compliance;

/// <summary>The compliance suite against the embedded index (in memory), on every run.</summary>
public sealed class EmbeddedIndexComplianceTests : SearchIndexCompliance
{
    protected override Task<ISearchIndex> CreateIndexAsync() => Task.FromResult<ISearchIndex>(EmbeddedIndex.Open(null, ModelId, Dimensions));

    protected override Task DisposeIndexAsync(ISearchIndex created)
    {
        ((EmbeddedIndex)created).Dispose();
        return Task.CompletedTask;
    }
}
