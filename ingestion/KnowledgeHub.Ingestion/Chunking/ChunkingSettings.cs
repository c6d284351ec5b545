using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Chunking;

/// <summary>Where a collection's effective chunking comes from.</summary>
public enum ChunkingSource
{
    /// <summary>The section's <see cref="ChunkingOptions.MaxTokens"/> and <see cref="ChunkingOptions.OverlapTokens"/>.</summary>
    Default,

    /// <summary>The collection's entry under <see cref="ChunkingOptions.Collections"/>.</summary>
    Configuration,

    /// <summary>Set through the API and kept in the store.</summary>
    Api,
}

/// <summary>A collection's chunk size and overlap as ingestion uses them.</summary>
public sealed record EffectiveChunking(int MaxTokens, int OverlapTokens, ChunkingSource Source)
{
    public ChunkingOptions ToOptions() => ChunkingOptions.With(MaxTokens, OverlapTokens);
}

/// <summary>
/// A collection's chunking: the API's setting in the store, else the configuration's entry for the collection, else the
/// section's. Read at each document's chunk step, so a change applies to the next document chunked.
/// </summary>
public sealed class ChunkingSettings(IOptions<ChunkingOptions> options, ICollectionChunkingStore? store = null)
{
    public async Task<EffectiveChunking> ForAsync(string tenant, string collection, CancellationToken cancellationToken = default)
    {
        if (store is not null && await store.GetChunkingAsync(tenant, collection, cancellationToken) is { } set)
        {
            return new EffectiveChunking(set.MaxTokens, set.OverlapTokens, ChunkingSource.Api);
        }

        return FromConfiguration(collection);
    }

    /// <summary>The collection's chunking without the API's setting.</summary>
    public EffectiveChunking FromConfiguration(string collection)
    {
        var section = options.Value;
        var own = section.For(collection);
        return new EffectiveChunking(own.MaxTokens, own.OverlapTokens, ReferenceEquals(own, section) ? ChunkingSource.Default : ChunkingSource.Configuration);
    }
}
