using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// <see cref="ISearchIndex"/> on Qdrant: one point per chunk with a named dense vector and a sparse BM25 vector,
/// searched through the Query API (hybrid: a filtered prefetch on each vector, fused by reciprocal rank on the
/// server). Every call has a deadline and transient failures are retried (<see cref="QdrantCalls"/>).
/// </summary>
public sealed class QdrantSearchIndex : ISearchIndex
{
    private readonly QdrantCalls calls;
    private readonly int batchSize;
    private readonly ILogger logger;
    private readonly Func<CancellationToken, Task>? ensureReady;
    private readonly Lock readyLock = new();
    private Task? readyTask;

    internal QdrantSearchIndex(QdrantCalls calls, string collection, string modelId, int dimensions, int batchSize, ILogger logger, Func<CancellationToken, Task>? ensureReady)
    {
        this.calls = calls;
        Collection = collection;
        ModelId = modelId;
        Dimensions = dimensions;
        this.batchSize = batchSize;
        this.logger = logger;
        this.ensureReady = ensureReady;
    }

    public string ModelId { get; }

    public int Dimensions { get; }

    /// <summary>The collection or alias every request names.</summary>
    public string Collection { get; }

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
        foreach (var batch in latest.Chunk(batchSize))
        {
            var request = QdrantRequests.Upsert(Collection, batch);
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
    }

    public async Task DeleteOlderVersionsAsync(string tenant, string documentId, int keepVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var request = QdrantRequests.DeleteOlderVersions(Collection, tenant, documentId, keepVersion);
        await calls.RunAsync("delete older versions", (c, o) => c.Points.DeleteAsync(request, o), cancellationToken).ConfigureAwait(false);
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

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Filter);
        if (request.Mode != SearchMode.Keyword && request.Vector?.Length != Dimensions)
        {
            throw new ArgumentException(
                $"{request.Mode} search needs a query vector of {Dimensions} dimensions (got {request.Vector?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).", nameof(request));
        }

        var terms = request.Mode == SearchMode.Dense ? SparseTerms.From([]) : Bm25SparseVectors.ForQuery(request);
        if (request.Top <= 0 || request.Filter.DocumentIds is { Count: 0 } || request.Filter.Tags is { Count: 0 } || (request.Mode == SearchMode.Keyword && terms.IsEmpty))
        {
            return [];
        }

        QdrantLog.QueryText(logger, request.Text);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var query = QdrantRequests.Query(Collection, request, terms);
        var response = await calls.RunAsync("query", (c, o) => c.Points.QueryAsync(query, o), cancellationToken).ConfigureAwait(false);
        var hits = response.Result.Select(p => new SearchHit(QdrantPayload.Read(p.Payload, DenseOf(p.Vectors)), p.Score)).ToList();
        QdrantLog.Searched(logger, request.Mode, Collection, hits.Count);
        return hits;
    }

    public async Task<int> CountAsync(string tenant, string? documentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var request = QdrantRequests.Count(Collection, tenant, documentId);
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
        var request = QdrantRequests.SectionCandidates(Collection, chunk, maxNeighbours);
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
