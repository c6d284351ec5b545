using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// Conversations belong to the tenant, but a key with access groups sees only the turns whose citations it may read:
/// the conversation list leaves out conversations with none (and counts only the visible turns), feedback on a hidden
/// turn answers 404, and continuing a conversation never feeds a hidden turn to the follow-up rewriter.
/// </summary>
public sealed class ConversationVisibilityTests
{
    private const string BoardText = """
        # Merger minutes

        The board approved the Falcon merger on 3 March. The Falcon merger moves the pension fund to the new owner.
        """;

    private const string OpenText = """
        # Cafeteria hours

        The cafeteria opens at seven and closes at three. Breakfast is served until nine on weekdays.
        """;

    [Fact]
    public async Task A_key_with_groups_sees_only_conversations_and_turns_it_may_read_and_cannot_rate_or_continue_hidden_turns()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:RateLimits:Ask:PermitLimit=0");
        await UploadAndWaitAsync(server, "minutes.md", BoardText, "board");
        await UploadAndWaitAsync(server, "cafeteria.md", OpenText, null);
        using var hr = server.ClientWith(await CreateKeyAsync(server, ["hr"]));

        // Admin: one conversation that cites only the board document; one that starts open and ends on the board document.
        var hidden = await AskAsync(server.Client, "When did the board approve the Falcon merger?", null);
        AssertCites(hidden, "minutes.md");
        var mixedFirst = await AskAsync(server.Client, "When does the cafeteria open?", null);
        AssertCites(mixedFirst, "cafeteria.md");
        var mixedId = mixedFirst.GetProperty("conversationId").GetString()!;
        var mixedSecond = await AskAsync(server.Client, "When did the board approve the Falcon merger?", mixedId);
        AssertCites(mixedSecond, "minutes.md");

        var list = await hr.GetFromJsonAsync<JsonElement>("/api/conversations");
        var listed = list.GetProperty("items").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c);
        Assert.DoesNotContain(hidden.GetProperty("conversationId").GetString()!, listed.Keys);
        Assert.Equal(1, listed[mixedId].GetProperty("turnCount").GetInt32());
        Assert.Equal(listed.Count, list.GetProperty("total").GetInt32());
        var adminList = await server.Client.GetFromJsonAsync<JsonElement>("/api/conversations");
        Assert.Contains(adminList.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == hidden.GetProperty("conversationId").GetString());

        using (var rateHidden = await hr.PostAsJsonAsync($"/api/answers/{mixedSecond.GetProperty("turnId").GetString()}/feedback", new { rating = "down" }, KnowledgeHubServer.Json))
        {
            await ApiKeyClients.AssertProblemAsync(rateHidden, HttpStatusCode.NotFound, "Answer not found");
        }

        using (var rateVisible = await hr.PostAsJsonAsync($"/api/answers/{mixedFirst.GetProperty("turnId").GetString()}/feedback", new { rating = "up" }, KnowledgeHubServer.Json))
        {
            Assert.Equal(HttpStatusCode.OK, rateVisible.StatusCode);
        }

        using (var continueHidden = await hr.PostAsJsonAsync("/api/ask", new { question = "And when was it signed?", conversationId = hidden.GetProperty("conversationId").GetString() }, KnowledgeHubServer.Json))
        {
            Assert.Equal(HttpStatusCode.NotFound, continueHidden.StatusCode);
        }

        // A follow-up: the hr key's is rewritten only from the turns it may see, never from the merger question.
        const string followUp = "And what about its date?";
        var hrFollowUp = await AskAsync(hr, followUp, mixedId);
        var standalone = hrFollowUp.GetProperty("standaloneQuery").GetString()!;
        Assert.DoesNotContain("merger", standalone, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Falcon", standalone, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Falcon", hrFollowUp.GetProperty("answer").GetString()!, StringComparison.OrdinalIgnoreCase);

        // The same two turns in a second conversation, continued by the admin: there the merger question is the history.
        var adminMixed = await AskAsync(server.Client, "When does the cafeteria open?", null);
        var adminMixedId = adminMixed.GetProperty("conversationId").GetString()!;
        AssertCites(await AskAsync(server.Client, "When did the board approve the Falcon merger?", adminMixedId), "minutes.md");
        var adminFollowUp = await AskAsync(server.Client, followUp, adminMixedId);
        Assert.Contains("merger", adminFollowUp.GetProperty("standaloneQuery").GetString()!, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertCites(JsonElement answer, string fileName) =>
        Assert.Contains(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("fileName").GetString() == fileName);

    private static async Task<JsonElement> AskAsync(HttpClient client, string question, string? conversationId)
    {
        using var response = await client.PostAsJsonAsync("/api/ask", new { question, conversationId }, KnowledgeHubServer.Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/ask answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task UploadAndWaitAsync(KnowledgeHubServer server, string fileName, string text, string? group)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(file, "file", fileName);
        if (group is not null)
        {
            form.Add(new StringContent(group), "accessGroups");
        }

        using var response = await server.Client.PostAsync("/api/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var done = await server.WaitForEndAsync(JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
        Assert.Equal("completed", done.GetProperty("status").GetString());
    }

    private static async Task<string> CreateKeyAsync(KnowledgeHubServer server, IReadOnlyList<string> groups)
    {
        using var response = await server.Client.PostAsJsonAsync("/api/keys", new { name = "grouped key", role = "ask", groups }, KnowledgeHubServer.Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }
}
