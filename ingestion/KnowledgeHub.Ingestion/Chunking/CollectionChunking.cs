using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Ingestion.Chunking;

/// <summary>One collection's chunking (<see cref="ChunkingOptions.Collections"/>): unset members follow the section's.</summary>
public sealed class CollectionChunking
{
    [Range(ChunkingOptions.MinMaxTokens, ChunkingOptions.MaxMaxTokens)]
    public int? MaxTokens { get; set; }

    [Range(0, ChunkingOptions.MaxOverlapTokens)]
    public int? OverlapTokens { get; set; }
}
