using System.Text.Json.Serialization;

namespace KnowledgeHub.Web.Apis.OpenAI;

/// <summary>
/// OpenAI's chat.completion object plus two extensions: <see cref="Citations"/>, the verified citations of the answer
/// (the objects /api/ask returns), whose numbers are the [n] footnotes in the message text, and <see cref="TurnId"/>, the
/// stored answer's id for POST /api/answers/{turnId}/feedback.
/// </summary>
public sealed record ChatCompletion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChatChoice> Choices,
    [property: JsonPropertyName("usage")] ChatUsage Usage,
    [property: JsonPropertyName("citations")] IReadOnlyList<CitationDto> Citations,
    [property: JsonPropertyName("turn_id")] string? TurnId = null)
{
    [JsonPropertyName("object")]
    public string Kind => "chat.completion";
}

public sealed record ChatChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("message")] ChatMessageOutput Message,
    [property: JsonPropertyName("finish_reason")] string FinishReason);

public sealed record ChatMessageOutput([property: JsonPropertyName("content")] string Content)
{
    [JsonPropertyName("role")]
    public string Role => "assistant";
}

public sealed record ChatUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens)
{
    [JsonPropertyName("total_tokens")]
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>
/// One chat.completion.chunk of a stream. <see cref="Citations"/> and <see cref="TurnId"/> are set on the chunk that carries the finish reason;
/// <see cref="Usage"/> only on the last chunk (empty choices), when the request asked for stream_options.include_usage.
/// </summary>
public sealed record ChatCompletionChunk(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChatChunkChoice> Choices,
    [property: JsonPropertyName("usage")] ChatUsage? Usage = null,
    [property: JsonPropertyName("citations")] IReadOnlyList<CitationDto>? Citations = null,
    [property: JsonPropertyName("turn_id")] string? TurnId = null)
{
    [JsonPropertyName("object")]
    public string Kind => "chat.completion.chunk";
}

public sealed record ChatChunkChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("delta")] ChatDelta Delta,
    [property: JsonPropertyName("finish_reason")] string? FinishReason = null);

public sealed record ChatDelta(
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("role")] string? Role = null);

/// <summary>The model list of GET /v1/models.</summary>
public sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelCard> Data)
{
    [JsonPropertyName("object")]
    public string Kind => "list";
}

/// <param name="OwnedBy">The tenant whose documents the model answers from.</param>
/// <param name="Collection">Extension: the collection the model answers from; absent for the all-collections model.</param>
/// <param name="Documents">Extension: how many documents the model answers from.</param>
public sealed record ModelCard(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy,
    [property: JsonPropertyName("collection")] string? Collection,
    [property: JsonPropertyName("documents")] int Documents)
{
    [JsonPropertyName("object")]
    public string Kind => "model";
}
