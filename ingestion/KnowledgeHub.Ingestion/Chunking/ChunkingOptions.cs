using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Ingestion.Chunking;

public sealed class ChunkingOptions
{
    public const string Section = "KnowledgeHub:Chunking";

    /// <summary>Upper bound of a chunk in encoder tokens (without special tokens).</summary>
    [Range(32, 8192)]
    public int MaxTokens { get; set; } = 256;

    /// <summary>Tokens of the previous chunk repeated at the start of the next one (whole sentences).</summary>
    [Range(0, 1024)]
    public int OverlapTokens { get; set; } = 32;
}
