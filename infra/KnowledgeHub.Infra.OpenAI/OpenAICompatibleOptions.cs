using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Infra.OpenAI;

/// <summary>
/// A decoder behind an OpenAI-compatible HTTP API (vLLM, llama.cpp server, Ollama), section "KnowledgeHub:Model".
/// It shares the section with the local LLamaSharp decoder: <see cref="Endpoint"/> selects this one, <c>Path</c> that one.
/// </summary>
public sealed class OpenAICompatibleOptions
{
    public const string SectionName = "KnowledgeHub:Model";

    /// <summary>The API's base URL, up to and including its version segment, e.g. "http://localhost:8000/v1" (vLLM) or "http://localhost:11434/v1" (Ollama).</summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>The model name the server knows, sent with every request and reported as the answer's generator.</summary>
    [Required]
    [StringLength(256, MinimumLength = 1)]
    public string Name { get; set; } = string.Empty;

    /// <summary>Bearer token, when the server wants one; local servers usually do not.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Tokens the served model's context holds, prompt and answer together (the server's max model length). Answers
    /// pack their passages to fit it, counting about four characters or one CJK character per token.
    /// </summary>
    [Range(128, 1_048_576)]
    public int ContextSize { get; set; } = 8192;

    /// <summary>How long one request may take; local models on a CPU can be slow to finish an answer.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 300;
}
