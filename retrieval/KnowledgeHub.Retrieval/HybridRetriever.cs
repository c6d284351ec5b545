using System.Diagnostics;
using System.Diagnostics.Metrics;
using KnowledgeHub.Retrieval.Fusion;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Retrieval;

/// <summary>
/// Embeds the query (when the mode needs it), searches the index and, for hybrid searches with a re-scorer configured,
/// re-scores the best candidates (<see cref="IRescorer"/>). The one entry point for retrieval.
/// </summary>
/// <param name="fusion">Fusion per collection (<see cref="FusionOptions"/>); null leaves it to the index's defaults.</param>
public sealed class HybridRetriever(
    ITextEncoder encoder,
    ISearchIndex index,
    IMeterFactory? meterFactory = null,
    TimeProvider? timeProvider = null,
    IRescorer? rescorer = null,
    IOptions<FusionOptions>? fusion = null)
{
    private readonly SearchMetrics metrics = new(meterFactory);
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    public Task<IReadOnlyList<SearchHit>> SearchAsync(
        string query,
        SearchFilter filter,
        int top = 10,
        SearchMode mode = SearchMode.Hybrid,
        CancellationToken cancellationToken = default) =>
        SearchAsync(query, filter, top, mode, queryVector: null, cancellationToken);

    /// <param name="queryVector">The query's embedding (<see cref="EmbedQueryAsync"/>) when the caller has it; null embeds it here.</param>
    public Task<IReadOnlyList<SearchHit>> SearchAsync(
        string query,
        SearchFilter filter,
        int top,
        SearchMode mode,
        float[]? queryVector,
        CancellationToken cancellationToken = default) =>
        SearchAsync(query, filter, top, mode, queryVector, fusion?.Value.For(filter?.Collection), cancellationToken);

    /// <param name="fusionSettings">How a hybrid search fuses, in place of the configured settings (evaluation compares several).</param>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(
        string query,
        SearchFilter filter,
        int top,
        SearchMode mode,
        float[]? queryVector,
        FusionSettings? fusionSettings,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentNullException.ThrowIfNull(filter);
        using var activity = KnowledgeHubTelemetry.Source.StartActivity("knowledgehub.retrieve");
        activity?.SetTag("knowledgehub.tenant", filter.Tenant);
        activity?.SetTag("knowledgehub.search.mode", SearchMetrics.ModeTag(mode));
        activity?.SetTag("knowledgehub.search.collection", filter.Collection);
        var started = time.GetTimestamp();
        var vector = queryVector;
        if (mode != SearchMode.Keyword && vector is null)
        {
            var vectors = await encoder.EmbedAsync([query], EmbeddingPurpose.Query, cancellationToken);
            vector = vectors[0];
        }

        var depth = rescorer?.DepthFor(filter.Collection) ?? 0;
        var rescore = depth > 0 && mode == SearchMode.Hybrid && vector is not null;
        var fetch = rescore ? Math.Max(top, depth) : top;

        // An encoder rates any two texts in a script it was not trained on alike (English models read Chinese as
        // single, mostly unknown characters), so its dense side would only add noise: a hybrid search for such a
        // question ranks by keywords alone. The query vector still goes to the re-scorer, which checks its own model.
        var indexMode = mode == SearchMode.Hybrid && !LanguageCoverage.Covers(encoder.Languages, query) ? SearchMode.Keyword : mode;
        activity?.SetTag("knowledgehub.search.dense", indexMode == SearchMode.Keyword ? (mode == SearchMode.Keyword ? "off" : "skipped") : "used");
        activity?.SetTag("knowledgehub.search.encoder", encoder.ModelId);
        var request = new SearchRequest(query, indexMode == SearchMode.Keyword ? null : vector, filter, fetch, indexMode) { Fusion = fusionSettings };
        var hits = await index.SearchAsync(request, cancellationToken);
        if (rescore)
        {
            hits = [.. (await rescorer!.RescoreAsync(query, vector!, hits, filter.Collection, cancellationToken)).Take(top)];
            // The re-scorer that did the work, not the router that picked it per collection.
            var used = rescorer is Rescoring.RescorerRouter router ? router.For(filter.Collection) : rescorer;
            activity?.SetTag("knowledgehub.search.rescorer", used?.GetType().Name);
        }

        metrics.Searched(mode, time.GetElapsedTime(started), hits.Count);
        activity?.SetTag("knowledgehub.search.hits", hits.Count);
        activity?.SetStatus(ActivityStatusCode.Ok);
        return hits;
    }

    /// <summary>The query embedding <see cref="SearchAsync"/> computes; a caller that needs it too passes it back as its queryVector.</summary>
    public async Task<float[]> EmbedQueryAsync(string query, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        return (await encoder.EmbedAsync([query], EmbeddingPurpose.Query, cancellationToken))[0];
    }

    /// <summary>The chunk's enclosing section (see <see cref="ISearchIndex.GetSectionAsync"/>).</summary>
    public Task<IReadOnlyList<IndexedChunk>> GetSectionAsync(IndexedChunk chunk, int maxNeighbours, CancellationToken cancellationToken = default) =>
        index.GetSectionAsync(chunk, maxNeighbours, cancellationToken);
}
