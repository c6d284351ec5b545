using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeHub.Web.Cli;

namespace KnowledgeHub.Web.Tests;

public sealed class ConversationApiTests(ConversationFixture fixture) : IClassFixture<ConversationFixture>
{
    private KnowledgeHubServer Server => fixture.Server;

    [Fact]
    public async Task A_follow_up_is_rewritten_with_the_earlier_topic_and_retrieves_the_right_document()
    {
        var first = await fixture.AskAsync("What is the paracetamol dose for adults?");
        var conversationId = first.GetProperty("conversationId").GetString()!;
        Assert.Contains(first.GetProperty("citations").EnumerateArray(), c => c.GetProperty("fileName").GetString() == ConversationFixture.Adults);

        var followUp = await fixture.AskAsync("and for children?", conversationId);

        Assert.Equal(conversationId, followUp.GetProperty("conversationId").GetString());
        var standalone = followUp.GetProperty("standaloneQuery").GetString()!;
        Assert.Contains("paracetamol dose", standalone, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("children", standalone, StringComparison.OrdinalIgnoreCase);
        Assert.True(followUp.GetProperty("found").GetBoolean(), followUp.ToString());
        var cited = followUp.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("fileName").GetString()).ToList();
        Assert.Equal(ConversationFixture.Children, cited[0]);
        Assert.Contains("250 mg", followUp.GetProperty("answer").GetString(), StringComparison.Ordinal);

        var stored = await fixture.GetAsync($"/api/conversations/{conversationId}");
        var turns = stored.GetProperty("turns").EnumerateArray().ToList();
        Assert.Equal(2, turns.Count);
        Assert.Equal("and for children?", turns[1].GetProperty("question").GetString());
        Assert.Equal(standalone, turns[1].GetProperty("standaloneQuery").GetString());
        Assert.Equal(followUp.GetProperty("turnId").GetString(), turns[1].GetProperty("id").GetString());
        Assert.Equal(ConversationFixture.Children, turns[1].GetProperty("citations")[0].GetProperty("fileName").GetString());
        Assert.Equal("extractive", turns[1].GetProperty("generator").GetString());
    }

    [Fact]
    public async Task Streaming_asks_continue_the_conversation_and_end_with_its_ids()
    {
        var first = await fixture.AskAsync("How should tablets be stored?");
        var conversationId = first.GetProperty("conversationId").GetString()!;

        using var response = await Server.Client.PostAsJsonAsync("/api/ask/stream", new { question = "and for children?", conversationId }, KnowledgeHubServer.Json);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answerData = body.Split('\n').SkipWhile(l => l != "event: answer").Skip(1).First();
        var answer = JsonDocument.Parse(answerData["data: ".Length..]).RootElement;
        Assert.Equal(conversationId, answer.GetProperty("conversationId").GetString());
        var stored = await fixture.GetAsync($"/api/conversations/{conversationId}");
        Assert.Equal(2, stored.GetProperty("turns").GetArrayLength());
    }

    [Fact]
    public async Task Another_tenants_conversation_is_not_found_for_reading_asking_deleting_or_feedback()
    {
        var mine = await fixture.AskAsync("What is the paracetamol dose for adults?");
        var conversationId = mine.GetProperty("conversationId").GetString()!;
        var turnId = mine.GetProperty("turnId").GetString()!;

        using var get = await fixture.OtherTenant.GetAsync($"/api/conversations/{conversationId}");
        using var ask = await fixture.OtherTenant.PostAsJsonAsync("/api/ask", new { question = "and for children?", conversationId }, KnowledgeHubServer.Json);
        using var stream = await fixture.OtherTenant.PostAsJsonAsync("/api/ask/stream", new { question = "and for children?", conversationId }, KnowledgeHubServer.Json);
        using var feedback = await fixture.OtherTenant.PostAsJsonAsync($"/api/answers/{turnId}/feedback", new { rating = "down" }, KnowledgeHubServer.Json);
        using var delete = await fixture.OtherTenant.DeleteAsync($"/api/conversations/{conversationId}");
        var list = await fixture.OtherTenant.GetFromJsonAsync<JsonElement>("/api/conversations", KnowledgeHubServer.Json);

        foreach (var response in new[] { get, ask, stream, feedback, delete })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == conversationId);
        Assert.Equal(1, (await fixture.GetAsync($"/api/conversations/{conversationId}")).GetProperty("turns").GetArrayLength());
    }

    [Fact]
    public async Task Conversations_are_listed_in_pages_and_a_deleted_one_is_gone()
    {
        var a = (await fixture.AskAsync("What is the paracetamol dose for adults?")).GetProperty("conversationId").GetString()!;
        var b = (await fixture.AskAsync("How should tablets be stored?")).GetProperty("conversationId").GetString()!;

        var page = await fixture.GetAsync("/api/conversations?limit=1");
        Assert.Equal(b, page.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.True(page.GetProperty("total").GetInt32() >= 2);
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());

        using var deleted = await Server.Client.DeleteAsync($"/api/conversations/{a}");
        using var gone = await Server.Client.GetAsync($"/api/conversations/{a}");
        using var badLimit = await Server.Client.GetAsync("/api/conversations?limit=1000");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task Usage_totals_count_the_answers_and_times_of_one_collection()
    {
        var before = (await fixture.GetAsync("/api/usage?collection=volcanoes")).GetProperty("collections")[0];
        Assert.Equal("volcanoes", before.GetProperty("collection").GetString());

        var first = await fixture.AskAsync("Why do stratovolcanoes erupt explosively?", collection: "volcanoes");
        var second = await fixture.AskAsync("and shield volcanoes?", first.GetProperty("conversationId").GetString(), collection: "volcanoes");

        var after = (await fixture.GetAsync("/api/usage?collection=volcanoes")).GetProperty("collections");
        var totals = Assert.Single(after.EnumerateArray());
        Assert.Equal(before.GetProperty("answers").GetInt32() + 2, totals.GetProperty("answers").GetInt32());
        var retrieval = first.GetProperty("usage").GetProperty("retrievalMs").GetDouble() + second.GetProperty("usage").GetProperty("retrievalMs").GetDouble();
        Assert.Equal(before.GetProperty("retrievalMs").GetDouble() + retrieval, totals.GetProperty("retrievalMs").GetDouble(), tolerance: 0.05);
        var generation = first.GetProperty("usage").GetProperty("generationMs").GetDouble() + second.GetProperty("usage").GetProperty("generationMs").GetDouble();
        Assert.Equal(before.GetProperty("generationMs").GetDouble() + generation, totals.GetProperty("generationMs").GetDouble(), tolerance: 0.05);
        Assert.Equal(0, totals.GetProperty("promptTokens").GetInt64()); // extractive answers use no decoder tokens

        var all = await fixture.GetAsync("/api/usage");
        Assert.Contains(all.GetProperty("collections").EnumerateArray(), c => c.GetProperty("collection").GetString() == "dosing");
    }

    [Fact]
    public async Task Export_sft_writes_exactly_the_approved_answers_with_the_corrected_text()
    {
        var up = await fixture.AskAsync("What is the paracetamol dose for adults?");
        var corrected = await fixture.AskAsync("How should tablets be stored?");
        var down = await fixture.AskAsync("What is the dose for children?");
        await Server.PostJsonAsync($"/api/answers/{up.GetProperty("turnId").GetString()}/feedback", new { rating = "up" });
        var correction = "Keep tablets dry, below 25 degrees, away from children [1].";
        var stored = await Server.PostJsonAsync($"/api/answers/{corrected.GetProperty("turnId").GetString()}/feedback", new { rating = "down", correctedAnswer = correction, comment = "too short" });
        await Server.PostJsonAsync($"/api/answers/{down.GetProperty("turnId").GetString()}/feedback", new { rating = "down", comment = "wrong" });
        using var invalid = await Server.Client.PostAsJsonAsync($"/api/answers/{up.GetProperty("turnId").GetString()}/feedback", new { rating = "sideways" }, KnowledgeHubServer.Json);
        using var missing = await Server.Client.PostAsJsonAsync("/api/answers/turn_missing/feedback", new { rating = "up" }, KnowledgeHubServer.Json);
        Assert.Equal("down", stored.GetProperty("rating").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // Reading a conversation shows each turn's feedback; a turn without feedback has none.
        Assert.Equal("up", (await TurnAsync(up)).GetProperty("feedback").GetProperty("rating").GetString());
        var correctedTurn = await TurnAsync(corrected);
        Assert.Equal(correction, correctedTurn.GetProperty("feedback").GetProperty("correctedAnswer").GetString());
        Assert.Equal("too short", correctedTurn.GetProperty("feedback").GetProperty("comment").GetString());
        var unrated = await fixture.AskAsync("How should tablets be stored?");
        Assert.False((await TurnAsync(unrated)).TryGetProperty("feedback", out _));

        var output = Path.Combine(Server.DataPath, "export", "sft.jsonl");
        var exit = await CommandLine.RunAsync(["export-sft", "--collection", "dosing", "--out", output, $"--KnowledgeHub:DataPath={Server.DataPath}", "--Logging:LogLevel:Default=Warning"]);

        Assert.Equal(0, exit);
        var records = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal("What is the paracetamol dose for adults?", records[0].GetProperty("question").GetString());
        Assert.Equal(up.GetProperty("answer").GetString(), records[0].GetProperty("answer").GetString());
        Assert.False(records[0].GetProperty("corrected").GetBoolean());
        var citation = records[0].GetProperty("citations")[0];
        Assert.Equal(ConversationFixture.Adults, citation.GetProperty("document").GetString());
        Assert.False(string.IsNullOrWhiteSpace(citation.GetProperty("quote").GetString()));
        Assert.Equal("How should tablets be stored?", records[1].GetProperty("question").GetString());
        Assert.Equal(correction, records[1].GetProperty("answer").GetString());
        Assert.True(records[1].GetProperty("corrected").GetBoolean());
        Assert.Equal(corrected.GetProperty("standaloneQuery").GetString(), records[1].GetProperty("standaloneQuery").GetString());
    }

    private async Task<JsonElement> TurnAsync(JsonElement answer)
    {
        var conversation = await fixture.GetAsync($"/api/conversations/{answer.GetProperty("conversationId").GetString()}");
        return conversation.GetProperty("turns").EnumerateArray().Single(t => t.GetProperty("id").GetString() == answer.GetProperty("turnId").GetString());
    }
}
