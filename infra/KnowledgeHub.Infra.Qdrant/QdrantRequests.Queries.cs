using KnowledgeHub.Retrieval;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>The searches: one-call queries with server-side fusion, and the candidate lists the client fuses itself.</summary>
internal static partial class QdrantRequests
{
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
}
