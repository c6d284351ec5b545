using System.Globalization;
using KnowledgeHub.Retrieval.Fusion;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>Searching: keyword and dense candidates under one consistent view, fused, then read back as chunks.</summary>
public sealed partial class EmbeddedIndex
{
    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Filter);
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (request.Mode != SearchMode.Keyword && request.Vector?.Length != Dimensions)
        {
            throw new ArgumentException(
                $"{request.Mode} search needs a query vector of {Dimensions} dimensions (got {request.Vector?.Length.ToString(CultureInfo.InvariantCulture) ?? "none"}).", nameof(request));
        }

        if (request.Top <= 0)
        {
            return Task.FromResult(NoHits);
        }

        EmbeddedIndexLog.QueryText(logger, request.Text);
        var depth = request.Mode == SearchMode.Hybrid ? request.EffectiveDepth : request.Top;
        readWriteLock.EnterReadLock();
        var searcher = searchers.Acquire();
        try
        {
            var docIds = new Dictionary<string, int>(StringComparer.Ordinal);
            var keyword = request.Mode == SearchMode.Dense ? [] : SearchKeywords(searcher, request, depth, docIds);
            var dense = request.Mode == SearchMode.Keyword ? [] : this.dense.Search(request.Vector, request.Filter, depth);
            var feedbackChunks = HybridFusion.FeedbackChunks(request, Feedback);
            if (request.Mode == SearchMode.Hybrid && feedbackChunks > 0 && dense.Count > 0)
            {
                dense = this.dense.Search(HybridFusion.FeedbackVector(request.Vector!, dense, feedbackChunks, this.dense.VectorOf), request.Filter, depth);
            }
            var ranked = request.Mode switch
            {
                SearchMode.Keyword => keyword,
                SearchMode.Dense => dense,
                _ => HybridFusion.Fuse(request, keyword, dense, Fusion),
            };
            var hits = Materialise(searcher, ranked.Take(request.Top), docIds);
            EmbeddedIndexLog.Searched(logger, request.Mode, keyword.Count, dense.Count, hits.Count);
            return Task.FromResult<IReadOnlyList<SearchHit>>(hits);
        }
        finally
        {
            searchers.Release(searcher);
            readWriteLock.ExitReadLock();
        }
    }

    private static List<ScoredId> SearchKeywords(IndexSearcher searcher, SearchRequest request, int depth, Dictionary<string, int> docIds)
    {
        var result = new List<ScoredId>();
        var query = request.KeywordTerms is { Count: > 0 } terms ? KeywordQuery.For(terms) : KeywordQuery.For(request.Text);
        if (query is null)
        {
            return result;
        }

        var top = searcher.Search(query, KeywordQuery.FilterFor(request.Filter), depth);
        if (top.ScoreDocs.Length == 0)
        {
            return result;
        }

        var ids = MultiDocValues.GetBinaryValues(searcher.IndexReader, ChunkFields.Id);
        var bytes = new Lucene.Net.Util.BytesRef();
        foreach (var scoreDoc in top.ScoreDocs)
        {
            ids.Get(scoreDoc.Doc, bytes);
            var id = bytes.Utf8ToString();
            docIds[id] = scoreDoc.Doc;
            result.Add(new ScoredId(id, scoreDoc.Score));
        }

        return result;
    }

    private List<SearchHit> Materialise(IndexSearcher searcher, IEnumerable<ScoredId> ranked, Dictionary<string, int> docIds)
    {
        var hits = new List<SearchHit>();
        foreach (var candidate in ranked)
        {
            if (!docIds.TryGetValue(candidate.Id, out var doc))
            {
                var found = searcher.Search(new TermQuery(new Term(ChunkFields.Id, candidate.Id)), 1);
                if (found.ScoreDocs.Length == 0)
                {
                    continue;
                }

                doc = found.ScoreDocs[0].Doc;
            }

            var stored = searcher.IndexReader.Document(doc, ChunkFields.HitFields);
            var vector = dense.VectorOf(candidate.Id) ?? new float[Dimensions];
            hits.Add(new SearchHit(ChunkFields.ToChunk(stored, vector), candidate.Score));
        }

        return hits;
    }
}
