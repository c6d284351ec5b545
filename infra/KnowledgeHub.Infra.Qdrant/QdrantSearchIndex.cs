using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Fusion;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Metadata;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// <see cref="ISearchIndex"/> on Qdrant: one point per chunk with a named dense vector and two sparse BM25 vectors
/// (body, heading). Hybrid search fetches the keyword and dense candidate lists and fuses them with the embedded
/// index's own code (<see cref="HybridFusion"/>), or, with <c>Fusion=server</c>, lets Qdrant fuse them. Every call
/// has a deadline, every read the matching server timeout, and transient failures are retried (<see cref="QdrantCalls"/>).
/// </summary>
public sealed class QdrantSearchIndex : ISearchIndex
{
    private readonly QdrantCalls calls;
    private readonly QdrantCollections collections;
    private readonly QdrantIndexOptions options;
    private readonly ILogger logger;
    private readonly Func<CancellationToken, Task>? ensureReady;
    private readonly Lock readyLock = new();
    private readonly ConcurrentDictionary<(string Collection, string Key), byte> metadataIndexes = new();

    // Which physical collections each version's points were written to since this process upserted it, so the
    // version swap (drop older versions) never runs in a collection the new version never reached.
    private readonly ConcurrentDictionary<(string Tenant, string DocumentId, int Version), ImmutableHashSet<string>> written = new();
    private Task? readyTask;

    internal QdrantSearchIndex(
        QdrantCalls calls,
        QdrantCollections collections,
        string collection,
        string modelId,
        int dimensions,
        QdrantIndexOptions options,
        ILogger logger,
        Func<CancellationToken, Task>? ensureReady)
    {
        this.calls = calls;
        this.collections = collections;
        Collection = collection;
        ModelId = modelId;
        Dimensions = dimensions;
        this.options = options;
        this.logger = logger;
        this.ensureReady = ensureReady;
    }

    public string ModelId { get; }

    public int Dimensions { get; }

    /// <summary>The collection or alias every request names.</summary>
    public string Collection { get; }

    /// <summary>How hybrid search fuses when a request brings no settings: the embedded index's default.</summary>
    public RankFusion DefaultFusion { get; } = EmbeddedIndex.DefaultFusion();

    /// <summary>Dense feedback when a request brings no settings: the embedded index's default.</summary>
    public DenseFeedback DefaultFeedback { get; } = DenseFeedback.Default;

    /// <summary>
    /// Writes go to the physical collection the alias names at that moment (not to the alias), and each version
    /// remembers where its points went: <see cref="DeleteOlderVersionsAsync"/> then knows whether a reindex moved the
    /// alias in between.
    /// </summary>
    public async Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var chunk in chunks)
        {
            Validate(chunk);
        }

        // The last chunk with an id wins, as if the batch were upserted one chunk at a time.
        var latest = chunks.GroupBy(c => c.Id, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        if (latest.Count == 0)
        {
            return;
        }

        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        foreach (var batch in latest.Chunk(options.UpsertBatchSize))
        {
            var target = await TargetAsync(cancellationToken).ConfigureAwait(false);
            foreach (var version in batch.Select(c => (c.Tenant, c.DocumentId, c.Version)).Distinct())
            {
                written.AddOrUpdate(version, _ => [target], (_, seen) => seen.Add(target));
            }

            var ids = await TermIdsAsync(batch, cancellationToken).ConfigureAwait(false);
            var request = QdrantRequests.Upsert(target, batch, t => ids.TryGetValue(t, out var id) ? id : null);
            await calls.RunAsync("upsert", (c, o) => c.Points.UpsertAsync(request, o), cancellationToken).ConfigureAwait(false);
        }

        QdrantLog.Upserted(logger, latest.Count, Collection);
    }

    public async Task DeleteDocumentAsync(string tenant, string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var request = QdrantRequests.DeleteDocument(Collection, tenant, documentId);
        await calls.RunAsync("delete document", (c, o) => c.Points.DeleteAsync(request, o), cancellationToken).ConfigureAwait(false);
        foreach (var key in written.Keys.Where(k => k.Tenant == tenant && k.DocumentId == documentId))
        {
            written.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// The version swap. When this process wrote <paramref name="keepVersion"/> and the alias has since moved to a
    /// collection those writes did not reach (a reindex swapped it), nothing is deleted: dropping the older versions
    /// there would leave the document with no live version. It throws instead, a transient failure, so the job runs
    /// the index step again and writes the version where the alias points now.
    /// </summary>
    public async Task DeleteOlderVersionsAsync(string tenant, string documentId, int keepVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var target = await TargetAsync(cancellationToken).ConfigureAwait(false);
        if (written.TryRemove((tenant, documentId, keepVersion), out var writtenTo) && !(writtenTo.Count == 1 && writtenTo.Contains(target)))
        {
            QdrantLog.IndexMoved(logger, tenant, documentId, keepVersion, string.Join(", ", writtenTo.Order(StringComparer.Ordinal)), target);
            throw new QdrantIndexMovedException(string.Create(
                CultureInfo.InvariantCulture,
                $"Version {keepVersion} of {tenant}/{documentId} was written to {string.Join(", ", writtenTo.Order(StringComparer.Ordinal))} but {Collection} now points at {target} ") +
                "(a reindex moved it); older versions were kept, and the index step must run again.");
        }

        var request = QdrantRequests.DeleteOlderVersions(target, tenant, documentId, keepVersion);
        await calls.RunAsync("delete older versions", (c, o) => c.Points.DeleteAsync(request, o), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteChunkAsync(string tenant, string chunkId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(chunkId);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var request = QdrantRequests.DeleteChunk(Collection, tenant, chunkId);
        await calls.RunAsync("delete chunk", (c, o) => c.Points.DeleteAsync(request, o), cancellationToken).ConfigureAwait(false);
    }

    public async Task SetSuspiciousAsync(string tenant, string chunkId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(chunkId);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        if (reason is null)
        {
            var clear = QdrantRequests.ClearSuspicious(Collection, tenant, chunkId);
            await calls.RunAsync("clear suspicious", (c, o) => c.Points.DeletePayloadAsync(clear, o), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var set = QdrantRequests.SetSuspicious(Collection, tenant, chunkId, reason);
            await calls.RunAsync("set suspicious", (c, o) => c.Points.SetPayloadAsync(set, o), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SetAccessGroupsAsync(string tenant, string documentId, IReadOnlyList<string>? groups, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        if (groups is not { Count: > 0 })
        {
            var clear = QdrantRequests.ClearAccessGroups(Collection, tenant, documentId);
            await calls.RunAsync("clear access groups", (c, o) => c.Points.DeletePayloadAsync(clear, o), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var set = QdrantRequests.SetAccessGroups(Collection, tenant, documentId, groups);
            await calls.RunAsync("set access groups", (c, o) => c.Points.SetPayloadAsync(set, o), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SetMetadataAsync(
        string tenant, string documentId, IReadOnlyDictionary<string, MetadataValue>? metadata, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        if (QdrantPayload.MetadataValues(metadata) is { } values)
        {
            var set = QdrantRequests.SetMetadata(Collection, tenant, documentId, values);
            await calls.RunAsync("set metadata", (c, o) => c.Points.SetPayloadAsync(set, o), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var clear = QdrantRequests.ClearMetadata(Collection, tenant, documentId);
            await calls.RunAsync("clear metadata", (c, o) => c.Points.DeletePayloadAsync(clear, o), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates the payload index of each metadata key a search filters on, once per process (creating one is idempotent).</summary>
    private async Task EnsureMetadataIndexesAsync(SearchFilter filter, CancellationToken cancellationToken)
    {
        foreach (var condition in filter.Metadata ?? [])
        {
            if (metadataIndexes.TryAdd((Collection, condition.Key), 0))
            {
                var index = QdrantRequests.MetadataIndex(Collection, condition.Key, condition.Type);
                try
                {
                    await calls.RunAsync("create metadata index", (c, o) => c.Points.CreateFieldIndexAsync(index, o), cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    metadataIndexes.TryRemove((Collection, condition.Key), out _);
                    throw;
                }
            }
        }
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Filter);
        if (request.Mode != SearchMode.Keyword && request.Vector?.Length != Dimensions)
        {
            throw new ArgumentException(
                $"{request.Mode} search needs a query vector of {Dimensions} dimensions (got {request.Vector?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).", nameof(request));
        }

        var weights = request.Mode == SearchMode.Dense ? [] : Bm25SparseVectors.WeightsForQuery(request);
        if (request.Top <= 0 || request.Filter.DocumentIds is { Count: 0 } || request.Filter.Tags is { Count: 0 } || (request.Mode == SearchMode.Keyword && weights.Count == 0))
        {
            return [];
        }

        QdrantLog.QueryText(logger, request.Text);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        await EnsureMetadataIndexesAsync(request.Filter, cancellationToken).ConfigureAwait(false);
        var ids = weights.Count == 0 ? new Dictionary<string, uint>() : await collections.Terms.ResolveAsync(weights.Keys, assign: false, cancellationToken).ConfigureAwait(false);
        var terms = SparseTerms.From(weights, t => ids.TryGetValue(t, out var id) ? id : null);
        if (request.Mode == SearchMode.Keyword && terms.IsEmpty)
        {
            // No query term was ever indexed: nothing can match.
            return [];
        }

        if (request.Mode != SearchMode.Hybrid || (options.FusesOnServer && !terms.IsEmpty))
        {
            var query = QdrantRequests.Query(Collection, request, terms, options);
            var response = await calls.RunAsync("query", (c, o) => c.Points.QueryAsync(query, o), cancellationToken).ConfigureAwait(false);
            var hits = response.Result.Select(p => new SearchHit(QdrantPayload.Read(p.Payload, DenseOf(p.Vectors)), p.Score)).ToList();
            QdrantLog.Searched(logger, request.Mode, Collection, hits.Count);
            return hits;
        }

        return await HybridAsync(request, terms, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Hybrid search as the embedded index runs it: both candidate lists <see cref="SearchRequest.EffectiveDepth"/>
    /// deep (one batch call), the dense side searched again with the feedback vector when the settings ask for it,
    /// the lists fused by <see cref="HybridFusion"/>, and the fused top read back in that order. A fused candidate
    /// deleted in the meantime is skipped, as the embedded index skips one.
    /// </summary>
    private async Task<IReadOnlyList<SearchHit>> HybridAsync(SearchRequest request, SparseTerms terms, CancellationToken cancellationToken)
    {
        var depth = request.EffectiveDepth;
        var batch = QdrantRequests.Candidates(Collection, request, terms, depth, options);
        var lists = await calls.RunAsync("query candidates", (c, o) => c.Points.QueryBatchAsync(batch, o), cancellationToken).ConfigureAwait(false);
        var keyword = terms.IsEmpty ? [] : Ranked(lists.Result[0].Result);
        var dense = Ranked(lists.Result[^1].Result);
        var feedbackChunks = HybridFusion.FeedbackChunks(request, DefaultFeedback);
        if (feedbackChunks > 0 && dense.Count > 0)
        {
            var top = dense.Take(feedbackChunks).Select(c => c.Id).ToList();
            var vectors = await PointsAsync(top, withPayload: false, cancellationToken).ConfigureAwait(false);
            var again = QdrantRequests.DenseAgain(Collection, request, HybridFusion.FeedbackVector(request.Vector!, dense, feedbackChunks, id => vectors.GetValueOrDefault(id)?.Vector), depth, options);
            var response = await calls.RunAsync("query feedback", (c, o) => c.Points.QueryAsync(again, o), cancellationToken).ConfigureAwait(false);
            dense = Ranked(response.Result);
        }

        var fused = HybridFusion.Fuse(request, keyword, dense, DefaultFusion);
        var chunks = fused.Count == 0 ? [] : await PointsAsync(fused.Select(c => c.Id), withPayload: true, cancellationToken).ConfigureAwait(false);
        var hits = fused.Where(c => chunks.ContainsKey(c.Id)).Select(c => new SearchHit(chunks[c.Id], c.Score)).ToList();
        QdrantLog.Searched(logger, request.Mode, Collection, hits.Count);
        return hits;
    }

    private Task<IReadOnlyDictionary<string, uint>> TermIdsAsync(IEnumerable<IndexedChunk> chunks, CancellationToken cancellationToken)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            var (body, heading) = Bm25SparseVectors.WeightsForChunk(chunk);
            terms.UnionWith(body.Keys);
            terms.UnionWith(heading.Keys);
        }

        return collections.Terms.ResolveAsync(terms, assign: true, cancellationToken);
    }

    /// <summary>A candidate list as fusion takes it: chunk ids (which also break ties) in Qdrant's order.</summary>
    internal static List<ScoredId> Ranked(IEnumerable<ScoredPoint> points) =>
        [.. points.Select(p => (Id: ChunkIdOf(p.Payload), p.Score)).Where(p => p.Id is not null).Select(p => new ScoredId(p.Id!, p.Score))];

    private async Task<Dictionary<string, IndexedChunk>> PointsAsync(IEnumerable<string> chunkIds, bool withPayload, CancellationToken cancellationToken)
    {
        var request = QdrantRequests.Points(Collection, chunkIds, withPayload, options);
        var response = await calls.RunAsync("get points", (c, o) => c.Points.GetAsync(request, o), cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, IndexedChunk>(StringComparer.Ordinal);
        foreach (var point in response.Result)
        {
            var chunk = QdrantPayload.Read(point.Payload, DenseOf(point.Vectors));
            if (chunk.Id.Length > 0)
            {
                result[chunk.Id] = chunk;
            }
        }

        return result;
    }

    private static string? ChunkIdOf(Google.Protobuf.Collections.MapField<string, Value> payload) =>
        payload.TryGetValue(QdrantPayload.ChunkId, out var id) && id.KindCase == Value.KindOneofCase.StringValue ? id.StringValue : null;

    /// <summary>The physical collection writes go to now: the alias's target, or the collection itself when it is no alias.</summary>
    private async Task<string> TargetAsync(CancellationToken cancellationToken) =>
        await collections.ResolveAliasAsync(Collection, cancellationToken).ConfigureAwait(false) ?? Collection;

    public async Task<int> CountAsync(string tenant, string? documentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var request = QdrantRequests.Count(Collection, tenant, documentId, options);
        var response = await calls.RunAsync("count", (c, o) => c.Points.CountAsync(request, o), cancellationToken).ConfigureAwait(false);
        return (int)(response.Result?.Count ?? 0);
    }

    public async Task<IReadOnlyList<IndexedChunk>> GetSectionAsync(IndexedChunk chunk, int maxNeighbours, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentException.ThrowIfNullOrEmpty(chunk.Tenant);
        ArgumentException.ThrowIfNullOrEmpty(chunk.DocumentId);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNeighbours);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var request = QdrantRequests.SectionCandidates(Collection, chunk, maxNeighbours, options);
        var response = await calls.RunAsync("scroll section", (c, o) => c.Points.ScrollAsync(request, o), cancellationToken).ConfigureAwait(false);
        return
        [
            .. response.Result
                .Select(p => QdrantPayload.Read(p.Payload, DenseOf(p.Vectors)))
                .Where(c => SameSection(chunk, c))
                .OrderBy(c => c.Ordinal),
        ];
    }

    // Without headings the page is the best section boundary there is; unpaged, unheaded text has only its neighbours.
    internal static bool SameSection(IndexedChunk chunk, IndexedChunk candidate)
    {
        var heading = string.IsNullOrEmpty(chunk.HeadingPath) ? null : chunk.HeadingPath;
        var candidateHeading = string.IsNullOrEmpty(candidate.HeadingPath) ? null : candidate.HeadingPath;
        if (!string.Equals(heading, candidateHeading, StringComparison.Ordinal))
        {
            return false;
        }

        return heading is not null || chunk.Page is null || chunk.Page == candidate.Page;
    }

    private static float[] DenseOf(VectorsOutput? vectors)
    {
        if (vectors?.Vectors?.Vectors.TryGetValue(QdrantRequests.DenseVector, out var dense) != true || dense is null)
        {
            return [];
        }

        if (dense.Dense is { } d)
        {
            return [.. d.Data];
        }

        // Servers before 1.12 fill only the deprecated flat field.
#pragma warning disable CS0612
        return [.. dense.Data];
#pragma warning restore CS0612
    }

    private void Validate(IndexedChunk chunk) => IndexedChunk.EnsureValid(chunk, Dimensions, ModelId);

    /// <summary>Creates the collection on first use; callers share one attempt, and a failed attempt is tried again next time.</summary>
    private Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (ensureReady is null)
        {
            return Task.CompletedTask;
        }

        lock (readyLock)
        {
            // Not the caller's token: one caller giving up must not fail the others waiting on the same attempt;
            // the deadline on each call bounds it instead.
            if (readyTask is null || readyTask.IsFaulted || readyTask.IsCanceled)
            {
                readyTask = ensureReady(CancellationToken.None);
            }

            return readyTask.WaitAsync(cancellationToken);
        }
    }
}
