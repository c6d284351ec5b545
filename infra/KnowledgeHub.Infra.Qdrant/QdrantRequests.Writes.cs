using KnowledgeHub.Retrieval;
using Qdrant.Client.Grpc;
using Range = Qdrant.Client.Grpc.Range;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>Writes after the first upsert: deletes, payload changes, copies between collections, counts and aliases.</summary>
internal static partial class QdrantRequests
{
    /// <summary>Gives every point of the tenant's document this metadata (object and JSON).</summary>
    public static SetPayloadPoints SetMetadata(string collection, string tenant, string documentId, (Value Object, Value Json) metadata)
    {
        var request = new SetPayloadPoints
        {
            CollectionName = collection,
            Wait = true,
            PointsSelector = new PointsSelector { Filter = Document(tenant, documentId) },
        };
        request.Payload[QdrantPayload.Metadata] = metadata.Object;
        request.Payload[QdrantPayload.MetadataJson] = metadata.Json;
        return request;
    }

    /// <summary>Removes the metadata of every point of the tenant's document.</summary>
    public static DeletePayloadPoints ClearMetadata(string collection, string tenant, string documentId) => new()
    {
        CollectionName = collection,
        Wait = true,
        Keys = { QdrantPayload.Metadata, QdrantPayload.MetadataJson },
        PointsSelector = new PointsSelector { Filter = Document(tenant, documentId) },
    };

    public static DeletePoints DeleteDocument(string collection, string tenant, string documentId) => new()
    {
        CollectionName = collection,
        Wait = true,
        Points = new PointsSelector { Filter = Document(tenant, documentId) },
    };

    /// <summary>Removes the tenant's point of that chunk (a chunk a person excluded from retrieval); no other tenant's.</summary>
    public static DeletePoints DeleteChunk(string collection, string tenant, string chunkId) => new()
    {
        CollectionName = collection,
        Wait = true,
        Points = new PointsSelector { Filter = TenantChunk(tenant, chunkId) },
    };

    public static DeletePoints DeleteOlderVersions(string collection, string tenant, string documentId, int keepVersion)
    {
        var filter = Document(tenant, documentId);
        filter.Must.Add(Conditions.Range(QdrantPayload.Version, new Range { Lt = keepVersion }));
        return new DeletePoints { CollectionName = collection, Wait = true, Points = new PointsSelector { Filter = filter } };
    }

    public static CountPoints Count(string collection, string? tenant, string? documentId, QdrantIndexOptions options, int? version = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var request = new CountPoints { CollectionName = collection, Exact = true, Timeout = options.ServerTimeoutSeconds };
        if (tenant is not null)
        {
            request.Filter = new Filter { Must = { Conditions.MatchKeyword(QdrantPayload.Tenant, tenant) } };
            if (documentId is not null)
            {
                request.Filter.Must.Add(Conditions.MatchKeyword(QdrantPayload.DocumentId, documentId));
                if (version is { } exact)
                {
                    request.Filter.Must.Add(Conditions.Match(QdrantPayload.Version, exact));
                }
            }
        }

        return request;
    }

    /// <summary>Sets the flag on the tenant's point of that chunk; the tenant condition keeps one tenant off another's points.</summary>
    public static SetPayloadPoints SetSuspicious(string collection, string tenant, string chunkId, string reason) => new()
    {
        CollectionName = collection,
        Wait = true,
        Payload = { [QdrantPayload.Suspicious] = reason },
        PointsSelector = new PointsSelector { Filter = TenantChunk(tenant, chunkId) },
    };

    /// <summary>Gives every point of the tenant's document (all versions) these access groups.</summary>
    public static SetPayloadPoints SetAccessGroups(string collection, string tenant, string documentId, IReadOnlyList<string> groups)
    {
        var request = new SetPayloadPoints
        {
            CollectionName = collection,
            Wait = true,
            PointsSelector = new PointsSelector { Filter = Document(tenant, documentId) },
        };
        request.Payload[QdrantPayload.AccessGroups] = groups.ToArray();
        return request;
    }

    /// <summary>Makes every point of the tenant's document readable by every key of the tenant.</summary>
    public static DeletePayloadPoints ClearAccessGroups(string collection, string tenant, string documentId) => new()
    {
        CollectionName = collection,
        Wait = true,
        Keys = { QdrantPayload.AccessGroups },
        PointsSelector = new PointsSelector { Filter = Document(tenant, documentId) },
    };

    /// <summary>Removes the flag from the tenant's point of that chunk.</summary>
    public static DeletePayloadPoints ClearSuspicious(string collection, string tenant, string chunkId) => new()
    {
        CollectionName = collection,
        Wait = true,
        Keys = { QdrantPayload.Suspicious },
        PointsSelector = new PointsSelector { Filter = TenantChunk(tenant, chunkId) },
    };

    /// <summary>One page of a document's points with every vector and the payload, to copy them as they are.</summary>
    public static ScrollPoints DocumentPoints(string collection, string tenant, string documentId, PointId? offset, QdrantIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var request = new ScrollPoints
        {
            CollectionName = collection,
            Filter = Document(tenant, documentId),
            Limit = (uint)options.UpsertBatchSize,
            WithPayload = true,
            WithVectors = true,
            Timeout = options.ServerTimeoutSeconds,
        };
        if (offset is not null)
        {
            request.Offset = offset;
        }

        return request;
    }

    /// <summary>Points read back, written as they were (same ids, vectors and payload).</summary>
    public static UpsertPoints Copy(string collection, IEnumerable<RetrievedPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var request = new UpsertPoints { CollectionName = collection, Wait = true };
        foreach (var point in points)
        {
            var vectors = new NamedVectors();
            foreach (var (name, output) in point.Vectors?.Vectors?.Vectors ?? [])
            {
                vectors.Vectors[name] = output.Sparse is { } sparse
                    ? new Vector { Sparse = new SparseVector { Indices = { sparse.Indices }, Values = { sparse.Values } } }
                    : new Vector { Dense = new DenseVector { Data = { output.Dense?.Data ?? [] } } };
            }

            var copy = new PointStruct { Id = point.Id, Vectors = new Vectors { Vectors_ = vectors } };
            copy.Payload.Add(point.Payload);
            request.Points.Add(copy);
        }

        return request;
    }

    /// <summary>The chunks of the same document version whose ordinal lies within the window; section rules apply after.</summary>
    public static ScrollPoints SectionCandidates(string collection, IndexedChunk chunk, int maxNeighbours, QdrantIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var filter = Document(chunk.Tenant, chunk.DocumentId);
        filter.Must.Add(Conditions.Match(QdrantPayload.Version, chunk.Version));
        filter.Must.Add(Conditions.Range(QdrantPayload.Ordinal, new Range { Gte = (double)chunk.Ordinal - maxNeighbours, Lte = (double)chunk.Ordinal + maxNeighbours }));
        return new ScrollPoints
        {
            CollectionName = collection,
            Filter = filter,
            Limit = (uint)Math.Min(int.MaxValue, (2L * maxNeighbours) + 1),
            WithPayload = true,
            WithVectors = new[] { DenseVector },
            Timeout = options.ServerTimeoutSeconds,
        };
    }

    /// <summary>Points a missing alias at the collection (first use); never moves an alias that exists.</summary>
    public static ChangeAliases CreateAlias(string alias, string collection) =>
        new() { Actions = { new AliasOperations { CreateAlias = new CreateAlias { CollectionName = collection, AliasName = alias } } } };

    /// <summary>Points the alias at the new collection in one atomic change (drop and create in one request).</summary>
    public static ChangeAliases SwapAlias(string alias, string newCollection, bool aliasExists)
    {
        var request = new ChangeAliases();
        if (aliasExists)
        {
            request.Actions.Add(new AliasOperations { DeleteAlias = new DeleteAlias { AliasName = alias } });
        }

        request.Actions.Add(new AliasOperations { CreateAlias = new CreateAlias { CollectionName = newCollection, AliasName = alias } });
        return request;
    }
}
