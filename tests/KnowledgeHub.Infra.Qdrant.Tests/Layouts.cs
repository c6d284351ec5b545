using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant.Tests;

/// <summary>Collection descriptions as Qdrant returns them, built from the adapter's own create requests.</summary>
internal static class Layouts
{
    public static CollectionInfo Complete(int dimensions)
    {
        var create = QdrantRequests.CreateCollection("c", "m", dimensions, new QdrantIndexOptions { Url = "http://q:6334" });
        var info = new CollectionInfo
        {
            Config = new CollectionConfig
            {
                Params = new CollectionParams { VectorsConfig = create.VectorsConfig, SparseVectorsConfig = create.SparseVectorsConfig },
            },
        };
        foreach (var index in QdrantRequests.PayloadIndexes("c"))
        {
            info.PayloadSchema[index.FieldName] = new PayloadSchemaInfo
            {
                DataType = index.FieldType == FieldType.Integer ? PayloadSchemaType.Integer : PayloadSchemaType.Keyword,
            };
        }

        return info;
    }

    public static GetCollectionInfoResponse Response(int dimensions) => new() { Result = Complete(dimensions) };
}
