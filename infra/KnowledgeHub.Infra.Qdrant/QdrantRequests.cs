using KnowledgeHub.Retrieval;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// Every request the adapter sends, built without a server so that tests can check what would go over the wire:
/// the collection layout, the points, the filters and the fusion query.
/// </summary>
internal static partial class QdrantRequests
{
    /// <summary>The named dense vector: the encoder's embedding, compared by cosine.</summary>
    public const string DenseVector = "dense";

    /// <summary>The named sparse vector: BM25 term weights of the chunk text; the server applies IDF.</summary>
    public const string SparseVector = "bm25";

    /// <summary>The named sparse vector of the heading path's BM25 weights, with its own IDF (the embedded index's heading field).</summary>
    public const string HeadingVector = "bm25_heading";

    /// <summary>Payload fields with keyword indexes: every filter and delete goes through them.</summary>
    public static readonly IReadOnlyList<string> KeywordFields = [QdrantPayload.Tenant, QdrantPayload.Collection, QdrantPayload.DocumentId, QdrantPayload.Tags, QdrantPayload.AccessGroups];

    /// <summary>Keyword fields added after collections existed: opening an older collection creates their indexes in place.</summary>
    public static readonly IReadOnlyList<string> AddedLaterFields = [QdrantPayload.AccessGroups];

    /// <summary>Payload fields with integer indexes: version ranges (old versions out), ordinal windows (sections), creation time.</summary>
    public static readonly IReadOnlyList<string> IntegerFields = [QdrantPayload.Version, QdrantPayload.Ordinal, QdrantPayload.Created];

    public static CreateCollection CreateCollection(string name, string modelId, int dimensions, QdrantIndexOptions options)
    {
        var request = new CreateCollection
        {
            CollectionName = name,
            VectorsConfig = new VectorsConfig
            {
                ParamsMap = new VectorParamsMap { Map = { [DenseVector] = new VectorParams { Size = (ulong)dimensions, Distance = Distance.Cosine } } },
            },
            SparseVectorsConfig = new SparseVectorConfig
            {
                Map =
                {
                    [SparseVector] = new SparseVectorParams { Modifier = Modifier.Idf },
                    [HeadingVector] = new SparseVectorParams { Modifier = Modifier.Idf },
                },
            },
            Metadata = { ["modelId"] = modelId, ["createdBy"] = "KnowledgeHub" },
        };
        if (options.ShardNumber is { } shards)
        {
            request.ShardNumber = (uint)shards;
        }

        if (options.ReplicationFactor is { } replicas)
        {
            request.ReplicationFactor = (uint)replicas;
        }

        return request;
    }

    public static IEnumerable<CreateFieldIndexCollection> PayloadIndexes(string collection)
    {
        foreach (var field in KeywordFields)
        {
            var request = new CreateFieldIndexCollection { CollectionName = collection, FieldName = field, FieldType = FieldType.Keyword, Wait = true };
            if (field == QdrantPayload.Tenant)
            {
                // Qdrant co-locates a tenant's points and plans tenant-filtered searches with this hint.
                request.FieldIndexParams = new PayloadIndexParams { KeywordIndexParams = new KeywordIndexParams { IsTenant = true } };
            }

            yield return request;
        }

        foreach (var field in IntegerFields)
        {
            yield return new CreateFieldIndexCollection { CollectionName = collection, FieldName = field, FieldType = FieldType.Integer, Wait = true };
        }
    }

    /// <summary>One point per chunk: id from the chunk id (re-upserting replaces), dense + sparse vectors, payload.</summary>
    public static UpsertPoints Upsert(string collection, IReadOnlyList<IndexedChunk> chunks, Func<string, uint?> termId)
    {
        var request = new UpsertPoints { CollectionName = collection, Wait = true };
        foreach (var chunk in chunks)
        {
            var (body, heading) = Bm25SparseVectors.ForChunk(chunk, termId);
            var vectors = new Dictionary<string, Vector> { [DenseVector] = chunk.Vector };
            if (!body.IsEmpty)
            {
                vectors[SparseVector] = (body.Values, body.Indices);
            }

            if (!heading.IsEmpty)
            {
                vectors[HeadingVector] = (heading.Values, heading.Indices);
            }

            var point = new PointStruct { Id = PointId(chunk.Id), Vectors = vectors };
            QdrantPayload.Write(chunk, point.Payload);
            request.Points.Add(point);
        }

        return request;
    }

    public static PointId PointId(string chunkId) => ChunkId.ToUuid(chunkId);

    /// <summary>
    /// The term table: one point per term slot (the point id is the slot), the term in the payload, and a one-number
    /// vector only because a point needs one. Replicated like the index; one shard is plenty (a point per distinct term).
    /// </summary>
    public static CreateCollection CreateTermTable(string name, QdrantIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var request = new CreateCollection
        {
            CollectionName = name,
            VectorsConfig = new VectorsConfig { Params = new VectorParams { Size = 1, Distance = Distance.Dot } },
            Metadata = { ["createdBy"] = "KnowledgeHub", ["holds"] = "sparse term ids" },
        };
        if (options.ReplicationFactor is { } replicas)
        {
            request.ReplicationFactor = (uint)replicas;
        }

        return request;
    }

    /// <summary>Claims free slots for terms: insert-only, so a slot another process holds already keeps its term.</summary>
    public static UpsertPoints ClaimTerms(string table, IReadOnlyDictionary<uint, string> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var request = new UpsertPoints { CollectionName = table, Wait = true, UpdateMode = UpdateMode.InsertOnly };
        foreach (var (slot, term) in claims)
        {
            var point = new PointStruct { Id = slot, Vectors = new[] { 1f } };
            point.Payload[QdrantTermDictionary.TermField] = term;
            request.Points.Add(point);
        }

        return request;
    }

    /// <summary>Reads the terms held by these slots.</summary>
    public static GetPoints TermSlots(string table, IEnumerable<uint> slots, QdrantIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var request = new GetPoints { CollectionName = table, WithPayload = true, WithVectors = false, Timeout = options.ServerTimeoutSeconds };
        request.Ids.AddRange(slots.Distinct().Select(s => (PointId)(ulong)s));
        return request;
    }
}
