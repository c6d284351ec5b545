using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Infra.Llama;

/// <summary>The local decoder (section "KnowledgeHub:Model"). Without a <see cref="Path"/> no decoder is registered and answers are extractive.</summary>
public sealed class DecoderOptions
{
    public const string SectionName = "KnowledgeHub:Model";

    /// <summary>The GGUF model file.</summary>
    public string? Path { get; set; }

    /// <summary>Tokens the context holds: prompt and answer together.</summary>
    [Range(128, 1_048_576)]
    public int ContextSize { get; set; } = 2048;

    /// <summary>Default answer length when a request sets no <c>MaxOutputTokens</c>.</summary>
    [Range(1, 1_048_576)]
    public int MaxTokens { get; set; } = 512;

    /// <summary>CPU threads for generation; null lets llama.cpp choose.</summary>
    [Range(1, 1024)]
    public int? Threads { get; set; }

    /// <summary>Layers offloaded to a GPU; 0 with the CPU backend this project ships.</summary>
    [Range(0, 1024)]
    public int GpuLayerCount { get; set; }
}
