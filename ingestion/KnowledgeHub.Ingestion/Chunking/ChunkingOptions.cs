using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Ingestion.Chunking;

public sealed class ChunkingOptions
{
    public const string Section = "KnowledgeHub:Chunking";

    public const int MinMaxTokens = 32;
    public const int MaxMaxTokens = 8192;
    public const int MaxOverlapTokens = 1024;

    /// <summary>Upper bound of a chunk in encoder tokens (without special tokens).</summary>
    [Range(MinMaxTokens, MaxMaxTokens)]
    public int MaxTokens { get; set; } = 256;

    /// <summary>Tokens of the previous chunk repeated at the start of the next one (whole sentences).</summary>
    [Range(0, MaxOverlapTokens)]
    public int OverlapTokens { get; set; } = 32;

    /// <summary>
    /// Chunk size and overlap per collection name (in every tenant); an entry's unset members follow this section. A
    /// collection's setting made through the API (<c>PUT /api/collections/{name}/chunking</c>) overrides its entry here.
    /// </summary>
    public Dictionary<string, CollectionChunking> Collections { get; } = new(StringComparer.Ordinal);

    /// <summary>The settings of <paramref name="collection"/> from configuration (unlisted: these).</summary>
    public ChunkingOptions For(string collection)
    {
        if (!Collections.TryGetValue(collection, out var own))
        {
            return this;
        }

        return With(own.MaxTokens ?? MaxTokens, own.OverlapTokens ?? OverlapTokens);
    }

    /// <summary>A copy with the given size and overlap and no per-collection entries.</summary>
    public static ChunkingOptions With(int maxTokens, int overlapTokens) => new() { MaxTokens = maxTokens, OverlapTokens = overlapTokens };

    /// <summary>Why a size and overlap cannot be used, or null when they can; the names are those of the API and configuration.</summary>
    public static string? Problem(int maxTokens, int overlapTokens)
    {
        if (maxTokens is < MinMaxTokens or > MaxMaxTokens)
        {
            return $"MaxTokens must be between {MinMaxTokens} and {MaxMaxTokens} (was {maxTokens}).";
        }

        if (overlapTokens is < 0 or > MaxOverlapTokens)
        {
            return $"OverlapTokens must be between 0 and {MaxOverlapTokens} (was {overlapTokens}).";
        }

        return overlapTokens >= maxTokens ? $"OverlapTokens ({overlapTokens}) must be smaller than MaxTokens ({maxTokens})." : null;
    }
}
