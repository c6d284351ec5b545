using KnowledgeHub.Retrieval;
using Qdrant.Client.Grpc;
using Range = Qdrant.Client.Grpc.Range;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// Every request the adapter sends, built without a server so that tests can check what would go over the wire:
/// the collection layout, the points, the filters and the fusion query.
/// </summary>
internal static class QdrantRequests
{
    /// <summary>The named dense vector: the encoder's embedding, compared by cosine.</summary>
    public const string DenseVector = "dense";

    /// <summary>The named sparse vector: BM25 term weights; the server applies IDF.</summary>
    public const string SparseVector = "bm25";

    /// <summary>Payload fields with keyword indexes: every filter and delete goes through them.</summary>
    public static readonly IReadOnlyList<string> KeywordFields = [QdrantPayload.Tenant, QdrantPayload.Collection, QdrantPayload.DocumentId, QdrantPayload.Tags];

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
            SparseVectorsConfig = new SparseVectorConfig { Map = { [SparseVector] = new SparseVectorParams { Modifier = Modifier.Idf } } },
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
    public static UpsertPoints Upsert(string collection, IReadOnlyList<IndexedChunk> chunks)
    {
        var request = new UpsertPoints { CollectionName = collection, Wait = true };
        foreach (var chunk in chunks)
        {
            var sparse = Bm25SparseVectors.ForChunk(chunk);
            var vectors = new Dictionary<string, Vector> { [DenseVector] = chunk.Vector };
            if (!sparse.IsEmpty)
            {
                vectors[SparseVector] = (sparse.Values, sparse.Indices);
            }

            var point = new PointStruct { Id = PointId(chunk.Id), Vectors = vectors };
            QdrantPayload.Write(chunk, point.Payload);
            request.Points.Add(point);
        }

        return request;
    }

    public static PointId PointId(string chunkId) => ChunkId.ToUuid(chunkId);

    /// <summary>
    /// Tenant AND collection AND any of the document ids AND any of the tags AND the creation range, each when set.
    /// Range bounds travel as doubles: creation ticks compare exactly to within 12.8 µs.
    /// </summary>
    public static Filter Filter(SearchFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = new Filter { Must = { Conditions.MatchKeyword(QdrantPayload.Tenant, filter.Tenant) } };
        if (filter.Collection is not null)
        {
            result.Must.Add(Conditions.MatchKeyword(QdrantPayload.Collection, filter.Collection));
        }

        if (filter.DocumentIds is not null)
        {
            result.Must.Add(Conditions.Match(QdrantPayload.DocumentId, (IReadOnlyList<string>)[.. filter.DocumentIds.Distinct(StringComparer.Ordinal)]));
        }

        if (filter.Tags is not null)
        {
            result.Must.Add(Conditions.Match(QdrantPayload.Tags, (IReadOnlyList<string>)[.. filter.Tags.Distinct(StringComparer.Ordinal)]));
        }

        if (filter.CreatedFrom is not null || filter.CreatedBefore is not null)
        {
            var range = new Range();
            if (filter.CreatedFrom is { } from)
            {
                range.Gte = from.UtcTicks;
            }

            if (filter.CreatedBefore is { } before)
            {
                range.Lt = before.UtcTicks;
            }

            result.Must.Add(Conditions.Range(QdrantPayload.Created, range));
        }

        return result;
    }

    /// <summary>
    /// Dense or keyword: one nearest-neighbour query on that vector. Hybrid: a dense and a sparse prefetch, each
    /// filtered and <see cref="SearchRequest.EffectiveDepth"/> deep, fused on the server (DBSF, or RRF when the
    /// request's fusion method is rrf); a side that has nothing to search with (no vector, no terms) is left out.
    /// </summary>
    public static QueryPoints Query(string collection, SearchRequest request, SparseTerms terms)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filter = Filter(request.Filter);
        var query = new QueryPoints
        {
            CollectionName = collection,
            Filter = filter,
            Limit = (ulong)request.Top,
            WithPayload = true,
            WithVectors = new[] { DenseVector },
        };
        var dense = request.Mode != SearchMode.Keyword && request.Vector is { Length: > 0 };
        var sparse = request.Mode != SearchMode.Dense && !terms.IsEmpty;
        if (request.Mode == SearchMode.Hybrid && dense && sparse)
        {
            var depth = (ulong)request.EffectiveDepth;
            query.Prefetch.Add(new PrefetchQuery { Query = request.Vector!, Using = DenseVector, Filter = filter, Limit = depth });
            query.Prefetch.Add(new PrefetchQuery { Query = (terms.Values, terms.Indices), Using = SparseVector, Filter = filter, Limit = depth });
            // Server-side fusion takes no weights and no dense feedback. DBSF maps each list's mean +/- 3 standard
            // deviations onto 0..1, a linear function of the z-score, so with equal weights it ranks as the embedded
            // index's z-score fusion does (up to clipping and how a missing candidate counts).
            query.Query = request.Fusion?.Method == "rrf" ? Fusion.Rrf : Fusion.Dbsf;
        }
        else if (dense)
        {
            query.Query = request.Vector!;
            query.Using = DenseVector;
        }
        else if (sparse)
        {
            query.Query = (terms.Values, terms.Indices);
            query.Using = SparseVector;
        }
        else
        {
            throw new ArgumentException("The search has neither a query vector nor keyword terms.", nameof(request));
        }

        return query;
    }

    public static DeletePoints DeleteDocument(string collection, string tenant, string documentId) => new()
    {
        CollectionName = collection,
        Wait = true,
        Points = new PointsSelector { Filter = Document(tenant, documentId) },
    };

    public static DeletePoints DeleteOlderVersions(string collection, string tenant, string documentId, int keepVersion)
    {
        var filter = Document(tenant, documentId);
        filter.Must.Add(Conditions.Range(QdrantPayload.Version, new Range { Lt = keepVersion }));
        return new DeletePoints { CollectionName = collection, Wait = true, Points = new PointsSelector { Filter = filter } };
    }

    public static CountPoints Count(string collection, string? tenant, string? documentId)
    {
        var request = new CountPoints { CollectionName = collection, Exact = true };
        if (tenant is not null)
        {
            request.Filter = new Filter { Must = { Conditions.MatchKeyword(QdrantPayload.Tenant, tenant) } };
            if (documentId is not null)
            {
                request.Filter.Must.Add(Conditions.MatchKeyword(QdrantPayload.DocumentId, documentId));
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

    /// <summary>Removes the flag from the tenant's point of that chunk.</summary>
    public static DeletePayloadPoints ClearSuspicious(string collection, string tenant, string chunkId) => new()
    {
        CollectionName = collection,
        Wait = true,
        Keys = { QdrantPayload.Suspicious },
        PointsSelector = new PointsSelector { Filter = TenantChunk(tenant, chunkId) },
    };

    /// <summary>The chunks of the same document version whose ordinal lies within the window; section rules apply after.</summary>
    public static ScrollPoints SectionCandidates(string collection, IndexedChunk chunk, int maxNeighbours)
    {
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
        };
    }

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

    private static Filter TenantChunk(string tenant, string chunkId) => new()
    {
        Must =
        {
            Conditions.MatchKeyword(QdrantPayload.Tenant, tenant),
            Conditions.HasId(ChunkId.ToUuid(chunkId)),
        },
    };

    private static Filter Document(string tenant, string documentId) => new()
    {
        Must =
        {
            Conditions.MatchKeyword(QdrantPayload.Tenant, tenant),
            Conditions.MatchKeyword(QdrantPayload.DocumentId, documentId),
        },
    };
}
