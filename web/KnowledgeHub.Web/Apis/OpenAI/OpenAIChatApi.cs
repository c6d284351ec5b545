using System.Text;
using System.Text.Json;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Orchestration.Conversations;
using KnowledgeHub.Web.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace KnowledgeHub.Web.Apis.OpenAI;

/// <summary>
/// POST /v1/chat/completions: OpenAI's chat completion protocol over <see cref="AnswerService"/>. The model name picks
/// the collections (<see cref="ChatModels"/>); the last user message is the question, rewritten into a standalone query
/// from the earlier messages (<see cref="FollowUpRewriter"/>) because chat clients resend the whole history instead of a
/// conversation id. Each answer is stored as the one turn of a new conversation (<see cref="ConversationService"/>), so
/// it counts in /api/usage and takes feedback through the <c>turn_id</c> extension field. The answer comes back with
/// "[n]" footnotes, a "Sources:" footer and the verified citations in the <c>citations</c> extension field.
/// </summary>
public static class OpenAIChatApi
{
    private const string FailedDetail = "The answer failed; the server log has the details.";

    public static RouteGroupBuilder MapOpenAIChatApi(this RouteGroupBuilder group)
    {
        group.MapPost("/chat/completions", CompleteAsync)
            .WithSummary("OpenAI-compatible chat completion, streamed (Server-Sent Events) when 'stream' is true")
            .WithDescription("Answers the last user message from the documents of the collection the model names. " +
                "The answer text carries [n] footnotes and a 'Sources:' footer; the 'citations' extension field holds the verified citations.")
            .Accepts<ChatCompletionRequest>("application/json")
            .Produces<ChatCompletion>(StatusCodes.Status200OK, "application/json")
            .Produces<ChatCompletionChunk>(StatusCodes.Status200OK, "text/event-stream")
            .WithBodyLimit(BodyLimitKind.Chat)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return group;
    }

    private static async Task<IResult> CompleteAsync(
        HttpContext context,
        ConversationService conversations,
        IDocumentStore store,
        TimeProvider time,
        IOptions<JsonOptions> jsonOptions,
        IOptions<RequestLimitsOptions> limits,
        ILoggerFactory loggers)
    {
        var json = jsonOptions.Value.SerializerOptions;
        var cancellationToken = context.RequestAborted;
        ChatCompletionRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ChatCompletionRequest>(context.Request.Body, json, cancellationToken);
        }
        catch (JsonException ex)
        {
            // `param` stays the JSON path ("$.stream"), as it was before the detail named the field in the client's terms.
            return OpenAIErrors.Invalid(RequestProblems.FromJson(ex).Detail!, ex.Path, "invalid_json");
        }

        if (Validate(body, limits.Value.ChatMaxMessages) is { } invalid)
        {
            return invalid;
        }

        var (question, problem) = ChatQuestion.From(body!.Messages);
        if (problem is not null)
        {
            return problem;
        }

        var tenant = Tenants.Current(context);
        var model = await ChatModels.FindAsync(store, tenant, Access.Readers.Groups(context), body.Model!, cancellationToken);
        if (model is null)
        {
            return OpenAIErrors.ModelNotFound(body.Model!);
        }

        var (filter, invalidFilter) = await Access.Readers.FilterAsync(
            context, context.RequestServices.GetRequiredService<MetadataKeys>(), model.Collection, body.Filter, cancellationToken);
        if (invalidFilter is not null)
        {
            return OpenAIErrors.Invalid(invalidFilter, "filter");
        }

        // The client's messages are the history; the store keeps only this answer, as a conversation of its own.
        var started = await conversations.StartAsync(tenant, null, model.Collection, cancellationToken);
        var conversation = started! with { History = question!.History };
        var request = new ConversationRequest(question.Question, tenant, Collection: model.Collection, MaxTokens: body.MaxCompletionTokens ?? body.MaxTokens)
        {
            Filter = filter,
        };
        var updates = conversations.AskStreamingAsync(conversation, request, cancellationToken);
        var reply = new Reply("chatcmpl-" + Guid.NewGuid().ToString("N"), time.GetUtcNow().ToUnixTimeSeconds(), model.Id, PromptTokens(body.Messages!));
        if (body.Stream == true)
        {
            var logger = loggers.CreateLogger(typeof(OpenAIChatApi).FullName!);
            await StreamAsync(context, updates, reply, body.StreamOptions?.IncludeUsage == true, json, logger);
            return TypedResults.Empty;
        }

        await foreach (var update in updates)
        {
            if (update.Final is { } final)
            {
                var content = final.Answer.Text + ChatFootnotes.For(final.Answer.Citations);
                return TypedResults.Ok(new ChatCompletion(
                    reply.Id,
                    reply.Created,
                    reply.Model,
                    [new ChatChoice(0, new ChatMessageOutput(content), "stop")],
                    reply.Usage(final.Answer, content),
                    Citations(final.Answer),
                    final.Turn.Id));
            }
        }

        throw new InvalidOperationException("The answer stream ended without a final answer.");
    }

    private static ProblemHttpResult? Validate(ChatCompletionRequest? body, int maxMessages)
    {
        if (body is null)
        {
            return OpenAIErrors.Invalid("The request body must be a JSON object with 'model' and 'messages'.", null);
        }

        if (string.IsNullOrWhiteSpace(body.Model))
        {
            return OpenAIErrors.Invalid($"'model' is required: '{ChatModels.AllCollections}' or '{ChatModels.AllCollections}/<collection>'.", "model");
        }

        if (body.N is not (null or 1))
        {
            return OpenAIErrors.Invalid("Only one choice per request is supported ('n' must be 1).", "n");
        }

        if (body.Messages is { Count: var count } && count > maxMessages)
        {
            return OpenAIErrors.Invalid(
                $"'messages' holds {count} messages, more than the {maxMessages} a request may hold ({RequestLimitsOptions.Section}:{nameof(RequestLimitsOptions.ChatMaxMessages)}).",
                "messages");
        }

        if (body.Temperature is < 0 or > 2)
        {
            return OpenAIErrors.Invalid("'temperature' must be between 0 and 2.", "temperature");
        }

        if (body.MaxTokens is < 1)
        {
            return OpenAIErrors.Invalid("'max_tokens' must be at least 1.", "max_tokens");
        }

        return body.MaxCompletionTokens is < 1
            ? OpenAIErrors.Invalid("'max_completion_tokens' must be at least 1.", "max_completion_tokens")
            : null;
    }

    /// <summary>
    /// Deltas are sent as the answer is written. Verification needs the whole answer, so with a decoder a sentence it
    /// drops has already been streamed; the finishing chunk's citations are the verified ones (docs/api.md says so).
    /// </summary>
    private static async Task StreamAsync(HttpContext context, IAsyncEnumerable<ConversationUpdate> updates, Reply reply, bool includeUsage, JsonSerializerOptions json, ILogger logger)
    {
        var cancellationToken = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        async Task SendAsync(object data)
        {
            await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(data, json) + "\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }

        await SendAsync(reply.Chunk(new ChatDelta("", "assistant")));
        var streamed = new StringBuilder();
        ConversationAnswer? recorded = null;
        try
        {
            await foreach (var update in updates)
            {
                if (update.Final is { } final)
                {
                    recorded = final;
                }
                else if (!string.IsNullOrEmpty(update.Delta))
                {
                    streamed.Append(update.Delta);
                    await SendAsync(reply.Chunk(new ChatDelta(update.Delta)));
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The status line is sent already: the error travels as an event, the way OpenAI's streams report one.
            OpenAILog.StreamFailed(logger, ex, reply.Model);
            await SendAsync(new Dictionary<string, object> { ["error"] = OpenAIErrors.ErrorObject(FailedDetail, "server_error") });
            await context.Response.WriteAsync("data: [DONE]\n\n", cancellationToken);
            return;
        }

        var answer = recorded!.Answer;
        var footer = ChatFootnotes.For(answer.Citations);
        await SendAsync(reply.Chunk(new ChatDelta(footer.Length > 0 ? footer : null), "stop", Citations(answer)) with { TurnId = recorded.Turn.Id });
        if (includeUsage)
        {
            await SendAsync(new ChatCompletionChunk(reply.Id, reply.Created, reply.Model, [], reply.Usage(answer, streamed + footer)));
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", cancellationToken);
    }

    private static List<CitationDto> Citations(Answer answer) => AskResponse.From(answer).Citations.ToList();

    private static int PromptTokens(IReadOnlyList<ChatMessageInput> messages) => messages.Sum(m => TokenEstimate.Of(m.Text() ?? ""));

    /// <param name="EstimatedPromptTokens">What the client sent, for answers that had no decoder prompt to count.</param>
    private sealed record Reply(string Id, long Created, string Model, int EstimatedPromptTokens)
    {
        public ChatCompletionChunk Chunk(ChatDelta delta, string? finishReason = null, IReadOnlyList<CitationDto>? citations = null) =>
            new(Id, Created, Model, [new ChatChunkChoice(0, delta, finishReason)], Citations: citations);

        /// <summary>The decoder's counts; extractive answers report estimates of what was sent and returned.</summary>
        public ChatUsage Usage(Answer answer, string content) =>
            answer.Usage.PromptTokens > 0 || answer.Usage.CompletionTokens > 0
                ? new ChatUsage(answer.Usage.PromptTokens, answer.Usage.CompletionTokens)
                : new ChatUsage(EstimatedPromptTokens, TokenEstimate.Of(content));
    }
}
