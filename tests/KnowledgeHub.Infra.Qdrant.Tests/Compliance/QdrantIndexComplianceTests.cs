using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant.Tests.Compliance;

/// <summary>
/// The compliance suite against a live Qdrant at QDRANT_URL, each test in a collection of its own that is deleted
/// afterwards. Skipped, saying why, when the variable is not set.
/// </summary>
[RequiresQdrant]
public sealed class QdrantIndexComplianceTests : SearchIndexCompliance
{
    private QdrantGrpcClient? client;
    private QdrantCollections? collections;
    private string? collection;

    protected override async Task<ISearchIndex> CreateIndexAsync()
    {
        var options = new QdrantIndexOptions { Url = RequiresQdrantAttribute.Url, Deadline = TimeSpan.FromSeconds(30) };
        client = new QdrantGrpcClient(new Uri(options.Url!), Environment.GetEnvironmentVariable("QDRANT_API_KEY"));
        var calls = new QdrantCalls(client, options, TimeProvider.System, NullLogger.Instance);
        collections = new QdrantCollections(calls, options, TimeProvider.System, NullLogger.Instance);
        collection = "kh_compliance_" + Guid.NewGuid().ToString("N");
        await collections.CreateAsync(collection, ModelId, Dimensions);
        return collections.Open(collection, ModelId, Dimensions);
    }

    protected override async Task DisposeIndexAsync(ISearchIndex created)
    {
        if (collections is not null && collection is not null)
        {
            await collections.DeleteAsync(collection);
        }

        client?.Dispose();
    }
}
