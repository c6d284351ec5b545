using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// "Found" over HTTP with the product's defaults: a near-miss question over a table, nonsense and off-topic questions
/// answer "not found" with a sentence that says what is missing and the near passages as related; a deleted
/// document's text is never cited again.
/// </summary>
public sealed class TrustworthyAnswerTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    private const string Capitals = "Country,Capital,Population\nFrance,Paris,68 million\nGermany,Berlin,84 million\nItaly,Rome,59 million\nSpain,Madrid,48 million\nPoland,Warsaw,37 million\n";
    private const string Warranty = "The warranty for the Model X coffee machine lasts 24 months from the date of delivery. Spare parts are covered for 12 months.";
    private const string Library = "The city library opens at 9 am on weekdays. Recent studies showed that evening opening hours raise the number of visits.";

    private KnowledgeHubServer Server => fixture.Server;

    [Fact]
    public async Task A_near_miss_question_over_a_table_is_not_found_and_names_the_missing_word()
    {
        await UploadAsync("eu-capitals.csv", Capitals, "capitals");

        var answer = await AskAsync("What is the capital of Australia?", "capitals");

        Assert.False(answer.GetProperty("found").GetBoolean());
        Assert.False(answer.GetProperty("grounded").GetBoolean());
        Assert.Empty(answer.GetProperty("citations").EnumerateArray());
        Assert.Contains("Australia", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var related = Assert.Single(answer.GetProperty("related").EnumerateArray());
        Assert.Equal("eu-capitals.csv", related.GetProperty("fileName").GetString());
        Assert.True(answer.GetProperty("answerability").GetDouble() < new KnowledgeHub.Orchestration.AnswerOptions().MinAnswerability);

        var answered = await AskAsync("What is the capital of Poland?", "capitals");
        Assert.True(answered.GetProperty("found").GetBoolean());
        Assert.Contains("Warsaw", answered.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xyzzy plugh frobnicate")]
    [InlineData("Who won the football world cup in 2014?")]
    [InlineData("What are the side effects of ibuprofen?")]
    [InlineData("How do I configure a VLAN on a Cisco switch?")]
    [InlineData("Which programming language has a borrow checker?")]
    public async Task Nonsense_and_off_topic_questions_are_not_found_with_a_useful_sentence(string question)
    {
        await UploadAsync("library.txt", Library, "offtopic");
        await UploadAsync("warranty.txt", Warranty, "offtopic");

        var answer = await AskAsync(question, "offtopic");

        Assert.False(answer.GetProperty("found").GetBoolean());
        Assert.Empty(answer.GetProperty("citations").EnumerateArray());
        var text = answer.GetProperty("answer").GetString()!;
        Assert.StartsWith("I could not find an answer to this in the documents.", text, StringComparison.Ordinal);
        Assert.True(text.Length > "I could not find an answer to this in the documents.".Length, $"no explanation: {text}");
    }

    [Fact]
    public async Task A_deleted_documents_text_is_never_cited_again()
    {
        var warranty = await UploadAsync("warranty.txt", Warranty, "deleted");
        await UploadAsync("library.txt", Library, "deleted");
        var before = await AskAsync("How long is the warranty?", "deleted");
        Assert.True(before.GetProperty("found").GetBoolean());
        Assert.Contains("24 months", before.GetProperty("answer").GetString(), StringComparison.Ordinal);

        using (var deleted = await Server.Client.DeleteAsync($"/api/documents/{warranty}"))
        {
            deleted.EnsureSuccessStatusCode();
        }

        var after = await AskAsync("How long is the warranty?", "deleted");

        Assert.False(after.GetProperty("found").GetBoolean());
        Assert.DoesNotContain("24 months", after.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("library opens", after.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.All(after.GetProperty("related").EnumerateArray(), r => Assert.NotEqual(warranty, r.GetProperty("documentId").GetString()));
    }

    private async Task<string> UploadAsync(string fileName, string text, string collection)
    {
        var upload = await Server.UploadAsync(fileName, Encoding.UTF8.GetBytes(text), collection);
        var id = upload.GetProperty("id").GetString()!;
        var done = await Server.WaitForEndAsync(id);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        return id;
    }

    private Task<JsonElement> AskAsync(string question, string collection) =>
        Server.PostJsonAsync("/api/ask", new { question, collection });
}
