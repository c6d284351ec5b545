using System.Text.Json;
using System.Text.Json.Serialization;

namespace KnowledgeHub.Web.Apis.OpenAI;

/// <summary>
/// The part of OpenAI's chat completion request that KnowledgeHub reads. Names are pinned with attributes so that the
/// wire format and the OpenAPI schema stay snake_case whatever the host's JSON naming policy; other fields are ignored.
/// </summary>
public sealed record ChatCompletionRequest
{
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("messages")]
    public IReadOnlyList<ChatMessageInput>? Messages { get; init; }

    [JsonPropertyName("stream")]
    public bool? Stream { get; init; }

    [JsonPropertyName("stream_options")]
    public ChatStreamOptions? StreamOptions { get; init; }

    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; init; }

    [JsonPropertyName("max_completion_tokens")]
    public int? MaxCompletionTokens { get; init; }

    [JsonPropertyName("n")]
    public int? N { get; init; }

    /// <summary>KnowledgeHub's extension: metadata conditions on the documents answers may use (the grammar of /api/search's `filter`).</summary>
    [JsonPropertyName("filter")]
    public JsonElement? Filter { get; init; }

    /// <summary>Checked (OpenAI's range, 0 to 2) and otherwise not used: answers come from the documents, not from sampling.</summary>
    [JsonPropertyName("temperature")]
    public double? Temperature { get; init; }
}

public sealed record ChatStreamOptions
{
    [JsonPropertyName("include_usage")]
    public bool? IncludeUsage { get; init; }
}

/// <param name="Content">A string, or an array of content parts of which the "text" parts are read.</param>
public sealed record ChatMessageInput(
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("content")] JsonElement Content)
{
    /// <summary>The message's text; null when the content is neither a string nor an array of parts.</summary>
    public string? Text() => Content.ValueKind switch
    {
        JsonValueKind.String => Content.GetString(),
        JsonValueKind.Array => string.Join(
            "\n",
            Content.EnumerateArray()
                .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("type", out var type) && type.ValueEquals("text") && p.TryGetProperty("text", out _))
                .Select(p => p.GetProperty("text").GetString())),
        _ => null,
    };
}
