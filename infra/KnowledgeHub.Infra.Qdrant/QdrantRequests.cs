using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Metadata;
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

    /// <summary>
    /// Tenant AND collection AND any of the document ids AND any of the tags AND the reader's access (no access groups, or
    /// one of the reader's) AND the creation range, each when set.
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

        if (filter.AccessGroups is not null)
        {
            result.Must.Add(Readable(filter.AccessGroups));
        }

        foreach (var condition in filter.Metadata ?? [])
        {
            result.Must.Add(MetadataCondition(condition));
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

    /// <summary>One metadata condition on <c>metadata.&lt;key&gt;</c>: a keyword or boolean match, or a range (dates as UTC ticks).</summary>
    private static Condition MetadataCondition(Retrieval.Metadata.MetadataCondition condition)
    {
        var key = QdrantPayload.MetadataKey(condition.Key);
        if (condition.Operator == MetadataOperator.Any)
        {
            return Conditions.Match(key, (IReadOnlyList<string>)[.. (condition.Any ?? []).Distinct(StringComparer.Ordinal)]);
        }

        var value = condition.Value!;
        if (condition.Type is MetadataType.Text or MetadataType.TextList)
        {
            return Conditions.MatchKeyword(key, value.Text!);
        }

        if (condition.Type == MetadataType.Boolean)
        {
            return Conditions.Match(key, value.Flag);
        }

        var bound = condition.Type == MetadataType.Date ? value.Date.UtcTicks : value.Number;
        var range = new Range();
        switch (condition.Operator)
        {
            case MetadataOperator.Equal:
                range.Gte = bound;
                range.Lte = bound;
                break;
            case MetadataOperator.GreaterOrEqual:
                range.Gte = bound;
                break;
            case MetadataOperator.Greater:
                range.Gt = bound;
                break;
            case MetadataOperator.LessOrEqual:
                range.Lte = bound;
                break;
            default:
                range.Lt = bound;
                break;
        }

        return Conditions.Range(key, range);
    }

    /// <summary>The payload index a filtered metadata key needs: keyword for strings and arrays, float, bool, or integer (date ticks).</summary>
    public static CreateFieldIndexCollection MetadataIndex(string collection, string key, MetadataType type) => new()
    {
        CollectionName = collection,
        FieldName = QdrantPayload.MetadataKey(key),
        FieldType = type switch
        {
            MetadataType.Text or MetadataType.TextList => FieldType.Keyword,
            MetadataType.Number => FieldType.Float,
            MetadataType.Boolean => FieldType.Bool,
            _ => FieldType.Integer,
        },
        Wait = true,
    };

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

    /// <summary>
    /// Points without access groups (absent or empty, which also covers points written before groups existed), or with
    /// one of the reader's groups.
    /// </summary>
    private static Condition Readable(IReadOnlyList<string> groups)
    {
        var readable = new Filter { Should = { Conditions.IsEmpty(QdrantPayload.AccessGroups) } };
        if (groups.Count > 0)
        {
            readable.Should.Add(Conditions.Match(QdrantPayload.AccessGroups, (IReadOnlyList<string>)[.. groups.Distinct(StringComparer.Ordinal)]));
        }

        return Conditions.Filter(readable);
    }

    /// <summary>
    /// One search's final list in one call: a keyword or dense search <see cref="SearchRequest.Top"/> deep with every
    /// payload field and the dense vector, or, with server-side fusion, a hybrid search whose dense and keyword
    /// prefetches (each <see cref="SearchRequest.EffectiveDepth"/> deep) Qdrant fuses by DBSF (RRF when the request's
    /// method is rrf). A hybrid side that has nothing to search with (no terms) is left out.
    /// </summary>
    public static QueryPoints Query(string collection, SearchRequest request, SparseTerms terms, QdrantIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var filter = Filter(request.Filter);
        var dense = request.Mode != SearchMode.Keyword && request.Vector is { Length: > 0 };
        var sparse = request.Mode != SearchMode.Dense && !terms.IsEmpty;
        QueryPoints query;
        if (request.Mode == SearchMode.Hybrid && dense && sparse)
        {
            var depth = (ulong)request.EffectiveDepth;
            query = new QueryPoints
            {
                CollectionName = collection,
                Filter = filter,
                Prefetch =
                {
                    new PrefetchQuery { Query = request.Vector!, Using = DenseVector, Filter = filter, Limit = depth },
                    KeywordPrefetch(request.Filter, filter, terms, depth, options),
                },

                // Documented as the "server" option: no weights, no RRF k, no feedback; a candidate missing from one
                // list counts as Qdrant decides (DBSF: below its range, RRF: nothing), and ties are not broken.
                Query = request.Fusion?.Method == "rrf" ? Fusion.Rrf : Fusion.Dbsf,
            };
        }
        else if (dense)
        {
            query = DenseCandidates(collection, request.Vector!, filter, request.Top, options);
        }
        else if (sparse)
        {
            query = KeywordCandidates(collection, request.Filter, filter, terms, request.Top, options);
        }
        else
        {
            throw new ArgumentException("The search has neither a query vector nor keyword terms.", nameof(request));
        }

        query.Limit = (ulong)request.Top;
        query.WithPayload = true;
        query.WithVectors = new[] { DenseVector };
        query.Timeout = options.ServerTimeoutSeconds;
        return query;
    }

    /// <summary>
    /// The keyword and dense candidate lists of a hybrid search in one round trip, each <paramref name="depth"/> deep
    /// and carrying only the chunk id (fusion needs nothing else): the keyword query first when there are terms.
    /// </summary>
    public static QueryBatchPoints Candidates(string collection, SearchRequest request, SparseTerms terms, int depth, QdrantIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var filter = Filter(request.Filter);
        var batch = new QueryBatchPoints { CollectionName = collection, Timeout = options.ServerTimeoutSeconds };
        if (!terms.IsEmpty)
        {
            batch.QueryPoints.Add(IdsOnly(KeywordCandidates(collection, request.Filter, filter, terms, depth, options), options));
        }

        batch.QueryPoints.Add(IdsOnly(DenseCandidates(collection, request.Vector!, filter, depth, options), options));
        return batch;
    }

    /// <summary>The dense side searched again with the feedback vector: ids and scores only.</summary>
    public static QueryPoints DenseAgain(string collection, SearchRequest request, float[] vector, int depth, QdrantIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var query = IdsOnly(DenseCandidates(collection, vector, Filter(request.Filter), depth, options), options);
        query.Timeout = options.ServerTimeoutSeconds;
        return query;
    }

    /// <summary>Points by chunk id: with the dense vector only (dense feedback), or with every payload field too (the hits).</summary>
    public static GetPoints Points(string collection, IEnumerable<string> chunkIds, bool withPayload, QdrantIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var request = new GetPoints
        {
            CollectionName = collection,
            WithVectors = new[] { DenseVector },
            WithPayload = withPayload ? true : new WithPayloadSelector { Include = new PayloadIncludeSelector { Fields = { QdrantPayload.ChunkId } } },
            Timeout = options.ServerTimeoutSeconds,
        };
        request.Ids.AddRange(chunkIds.Distinct(StringComparer.Ordinal).Select(PointId));
        return request;
    }

    private static QueryPoints DenseCandidates(string collection, float[] vector, Filter filter, int limit, QdrantIndexOptions options) => new()
    {
        CollectionName = collection,
        Query = vector,
        Using = DenseVector,
        Filter = filter,
        Limit = (ulong)limit,
        Timeout = options.ServerTimeoutSeconds,
    };

    /// <summary>
    /// The keyword side as the embedded index scores it: BM25 on the body plus <see cref="Bm25SparseVectors.HeadingWeight"/>
    /// times BM25 on the heading, each vector with its own IDF. Qdrant sums them by formula over the union of a body and a
    /// heading prefetch; a point found by one prefetch only gets 0 from the other.
    /// </summary>
    private static QueryPoints KeywordCandidates(string collection, SearchFilter searchFilter, Filter filter, SparseTerms terms, int limit, QdrantIndexOptions options)
    {
        var query = new QueryPoints { CollectionName = collection, Filter = filter, Limit = (ulong)limit, Timeout = options.ServerTimeoutSeconds };
        query.Prefetch.Add(SparsePrefetch(SparseVector, searchFilter, filter, terms, (ulong)limit, options));
        query.Prefetch.Add(SparsePrefetch(HeadingVector, searchFilter, filter, terms, (ulong)limit, options));
        query.Query = BodyPlusHeading();
        return query;
    }

    private static PrefetchQuery KeywordPrefetch(SearchFilter searchFilter, Filter filter, SparseTerms terms, ulong limit, QdrantIndexOptions options) => new()
    {
        Prefetch =
        {
            SparsePrefetch(SparseVector, searchFilter, filter, terms, limit, options),
            SparsePrefetch(HeadingVector, searchFilter, filter, terms, limit, options),
        },
        Query = BodyPlusHeading(),
        Filter = filter,
        Limit = limit,
    };

    private static PrefetchQuery SparsePrefetch(string vector, SearchFilter searchFilter, Filter filter, SparseTerms terms, ulong limit, QdrantIndexOptions options)
    {
        var prefetch = new PrefetchQuery { Query = (terms.Values, terms.Indices), Using = vector, Filter = filter, Limit = limit };
        if (options.TenantIdf)
        {
            prefetch.Params = new SearchParams { Idf = new IdfParams { Corpus = TenantOnly(searchFilter.Tenant) } };
        }

        return prefetch;
    }

    private static Formula BodyPlusHeading()
    {
        const string body = "$score[0]";
        const string heading = "$score[1]";
        var formula = new Formula
        {
            Expression = new SumExpression { Sum = { body, new MultExpression { Mult = { Bm25SparseVectors.HeadingWeight, heading } } } },
        };

        // A point only one prefetch found has no score from the other: it contributes nothing, as a missed term does in BM25.
        formula.Defaults[body] = 0.0;
        formula.Defaults[heading] = 0.0;
        return formula;
    }

    private static QueryPoints IdsOnly(QueryPoints query, QdrantIndexOptions options)
    {
        query.WithPayload = new WithPayloadSelector { Include = new PayloadIncludeSelector { Fields = { QdrantPayload.ChunkId } } };
        query.WithVectors = false;
        query.Timeout = options.ServerTimeoutSeconds;
        return query;
    }

    private static Filter TenantOnly(string tenant) => new() { Must = { Conditions.MatchKeyword(QdrantPayload.Tenant, tenant) } };

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
