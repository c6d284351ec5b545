using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Retrieval.Rescoring;

/// <summary>
/// The re-scorer when collections choose their own (<see cref="RescoringOptions.Collections"/>): each search goes to its
/// collection's re-scorer, built on first use; the models behind them are shared (the factory hands out singletons).
/// </summary>
/// <param name="create">Builds the re-scorer for one collection's settings; null for "none".</param>
public sealed class RescorerRouter(IOptions<RescoringOptions> options, Func<RescoringOptions, IRescorer?> create) : IRescorer
{
    private readonly RescoringOptions settings = options.Value;
    private readonly ConcurrentDictionary<string, Lazy<IRescorer?>> byCollection = new(StringComparer.Ordinal);
    private readonly Lazy<IRescorer?> fallback = new(() => create(options.Value));

    /// <summary>The section's depth (searches across collections); 0 when the section says "none".</summary>
    public int Depth => fallback.Value?.Depth ?? 0;

    /// <summary>The re-scorer a search in <paramref name="collection"/> uses; null for none.</summary>
    public IRescorer? For(string? collection) =>
        collection is null || !settings.Collections.ContainsKey(collection)
            ? fallback.Value
            : byCollection.GetOrAdd(collection, c => new Lazy<IRescorer?>(() => create(settings.For(c)))).Value;

    public int DepthFor(string? collection) => For(collection)?.Depth ?? 0;

    public Task<IReadOnlyList<SearchHit>> RescoreAsync(string query, float[] queryVector, IReadOnlyList<SearchHit> candidates, CancellationToken cancellationToken) =>
        RescoreAsync(query, queryVector, candidates, null, cancellationToken);

    public Task<IReadOnlyList<SearchHit>> RescoreAsync(string query, float[] queryVector, IReadOnlyList<SearchHit> candidates, string? collection, CancellationToken cancellationToken) =>
        For(collection) is { } rescorer
            ? rescorer.RescoreAsync(query, queryVector, candidates, cancellationToken)
            : Task.FromResult(candidates);
}
