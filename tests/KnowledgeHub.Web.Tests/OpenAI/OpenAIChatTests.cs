using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeHub.TestSupport;
using OpenAI.Chat;

namespace KnowledgeHub.Web.Tests.OpenAI;

#pragma warning disable SCME0001 // JsonPatch (experimental) is how the OpenAI client exposes fields it does not model.

public sealed class OpenAIChatTests(OpenAIFixture fixture) : IClassFixture<OpenAIFixture>
{
    private const string TableQuestion = "Which table lists information about EU countries?";

    private KnowledgeHubServer Server => fixture.Server;

    [SharedDataFact]
    public async Task OpenAI_client_streams_an_answer_with_footnotes_and_citations_of_the_document()
    {
        var chat = fixture.Chat("knowledgehub/" + OpenAIFixture.Manuals);

        var text = new StringBuilder();
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(TableQuestion)]))
        {
            updates.Add(update);
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        var answer = text.ToString();
        Assert.True(updates.Count >= 3, $"expected a role chunk, content and a finishing chunk; got {updates.Count} updates");
        Assert.Matches(@"\[\d+\]", answer);
        Assert.Contains("Sources:", answer, StringComparison.Ordinal);
        Assert.Contains($"{EndToEndFixture.MultiColumnPdf}, page 3", answer, StringComparison.Ordinal);
        var finishing = Assert.Single(updates, u => u.FinishReason is not null);
        Assert.Equal(ChatFinishReason.Stop, finishing.FinishReason);
        Assert.True(finishing.Patch.TryGetJson("$.citations"u8, out var citationsJson), "the finishing chunk has no 'citations' field");
        var citations = JsonDocument.Parse(citationsJson).RootElement.EnumerateArray().ToList();
        Assert.Contains(citations, c => c.GetProperty("fileName").GetString() == EndToEndFixture.MultiColumnPdf && c.GetProperty("page").GetInt32() == 3);
        Assert.All(citations, c => Assert.Contains($"[{c.GetProperty("number").GetInt32()}]", answer, StringComparison.Ordinal));
        var usage = updates.Last(u => u.Usage is not null).Usage;
        Assert.True(usage.InputTokenCount > 0 && usage.OutputTokenCount > 0, $"usage is empty: {usage.InputTokenCount}/{usage.OutputTokenCount}");
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
    }

    [SharedDataFact]
    public async Task OpenAI_client_gets_a_whole_answer_with_citations_on_the_completion()
    {
        var chat = fixture.Chat("knowledgehub");

        ChatCompletion completion = await chat.CompleteChatAsync(
            new SystemChatMessage("Answer briefly."),
            new UserChatMessage("Who are the crazy ones, the misfits and the rebels?"));

        var answer = completion.Content[0].Text;
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal("knowledgehub", completion.Model);
        Assert.Matches(@"\[\d+\]", answer);
        Assert.Contains(EndToEndFixture.CrazyOnesPdf, answer, StringComparison.Ordinal);
        Assert.True(completion.Patch.TryGetJson("$.citations"u8, out var citationsJson), "the completion has no 'citations' field");
        var citation = JsonDocument.Parse(citationsJson).RootElement.EnumerateArray().First();
        Assert.Equal(fixture.Finished[EndToEndFixture.CrazyOnesPdf].GetProperty("id").GetString(), citation.GetProperty("documentId").GetString());
        Assert.True(completion.Usage.InputTokenCount > 0 && completion.Usage.OutputTokenCount > 0);
    }

    [SharedDataFact]
    public async Task A_follow_up_that_leans_on_the_history_is_answered_from_the_document_the_conversation_is_about()
    {
        const string FirstQuestion = "Who are the crazy ones, the misfits and the rebels?";
        const string FollowUp = "And what do they do?";
        var chat = fixture.Chat("knowledgehub");
        ChatCompletion first = await chat.CompleteChatAsync(new UserChatMessage(FirstQuestion));

        ChatCompletion alone = await chat.CompleteChatAsync(new UserChatMessage(FollowUp));
        ChatCompletion followUp = await chat.CompleteChatAsync(
            new UserChatMessage(FirstQuestion),
            new AssistantChatMessage(first.Content[0].Text),
            new UserChatMessage(FollowUp));

        Assert.DoesNotContain(EndToEndFixture.CrazyOnesPdf, alone.Content[0].Text, StringComparison.Ordinal);
        Assert.Contains($"{EndToEndFixture.CrazyOnesPdf}", followUp.Content[0].Text, StringComparison.Ordinal);
        Assert.True(followUp.Patch.TryGetJson("$.citations"u8, out var citationsJson));
        Assert.Contains(
            JsonDocument.Parse(citationsJson).RootElement.EnumerateArray(),
            c => c.GetProperty("fileName").GetString() == EndToEndFixture.CrazyOnesPdf);
    }

    [SharedDataFact]
    public async Task A_collection_model_answers_only_from_that_collection()
    {
        var response = await PostChatAsync(new { model = "knowledgehub/" + OpenAIFixture.Quotes, messages = new[] { new { role = "user", content = TableQuestion } } });

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var citations = JsonDocument.Parse(body).RootElement.GetProperty("citations").EnumerateArray();
        Assert.DoesNotContain(citations, c => c.GetProperty("fileName").GetString() == EndToEndFixture.MultiColumnPdf);
    }

    [SharedDataFact]
    public async Task Models_list_the_all_collections_model_and_one_model_per_collection()
    {
        var client = fixture.Client().GetOpenAIModelClient();

        var models = (await client.GetModelsAsync()).Value.Select(m => m.Id).ToList();
        var one = (await client.GetModelAsync("knowledgehub/" + OpenAIFixture.Manuals)).Value;

        Assert.Equal(["knowledgehub", "knowledgehub/" + OpenAIFixture.Manuals, "knowledgehub/" + OpenAIFixture.Quotes], models);
        Assert.Equal("knowledgehub/" + OpenAIFixture.Manuals, one.Id);
    }

    [SharedDataFact]
    public async Task Unknown_model_fails_with_404_and_a_message_naming_the_model()
    {
        var chat = fixture.Chat("knowledgehub/no-such-collection");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage(TableQuestion)]));

        Assert.Equal(404, error.Status);
        Assert.Contains("knowledgehub/no-such-collection", error.Message, StringComparison.Ordinal);
        Assert.Contains("GET /v1/models", error.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Streamed_events_are_chunks_that_end_with_DONE()
    {
        var response = await PostChatAsync(new { model = "knowledgehub", stream = true, messages = new[] { new { role = "user", content = TableQuestion } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var finishing = Assert.Single(chunks, c => c.GetProperty("choices")[0].TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String);
        Assert.NotEmpty(finishing.GetProperty("citations").EnumerateArray());
        Assert.StartsWith("turn_", finishing.GetProperty("turn_id").GetString(), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task A_chat_answer_is_stored_as_a_turn_that_counts_in_usage_and_takes_feedback()
    {
        var before = await QuotesAnswersAsync();
        var question = "Which people does the text call the crazy ones?";

        var response = await PostChatAsync(new { model = "knowledgehub/" + OpenAIFixture.Quotes, messages = new[] { new { role = "user", content = question } } });

        var completion = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var turnId = completion.GetProperty("turn_id").GetString()!;
        Assert.Equal(before + 1, await QuotesAnswersAsync());
        using var feedback = await Server.Client.PostAsJsonAsync($"/api/answers/{turnId}/feedback", new { rating = "up" });
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);

        // The stored turn is the question as the client asked it, with the answer the client got.
        var conversations = await Server.Client.GetFromJsonAsync<JsonElement>("/api/conversations?limit=100");
        var turns = new List<JsonElement>();
        foreach (var conversation in conversations.GetProperty("items").EnumerateArray())
        {
            var detail = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation.GetProperty("id").GetString()}");
            turns.AddRange(detail.GetProperty("turns").EnumerateArray());
        }

        var stored = Assert.Single(turns, t => t.GetProperty("id").GetString() == turnId);
        Assert.Equal(question, stored.GetProperty("question").GetString());
        Assert.StartsWith(stored.GetProperty("answer").GetString()!, completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    private async Task<int> QuotesAnswersAsync()
    {
        var usage = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/usage?collection={OpenAIFixture.Quotes}");
        return usage.GetProperty("collections").EnumerateArray().Sum(c => c.GetProperty("answers").GetInt32());
    }

    private async Task<HttpResponseMessage> PostChatAsync(object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        return await Server.Client.PostAsync("/v1/chat/completions", content);
    }
}
