using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

public sealed class EndToEndTests(EndToEndFixture fixture) : IClassFixture<EndToEndFixture>
{
    private KnowledgeHubServer Server => fixture.Server;

    [SharedDataFact]
    public void Good_documents_complete_with_chunks_and_pages()
    {
        foreach (var name in new[] { EndToEndFixture.MultiColumnPdf, EndToEndFixture.CrazyOnesPdf, EndToEndFixture.FourPagesPdf, EndToEndFixture.ChineseArticle })
        {
            var document = fixture.Finished[name];
            Assert.Equal("completed", document.GetProperty("status").GetString());
            Assert.True(document.GetProperty("chunkCount").GetInt32() > 0, $"{name} has no chunks");
        }

        Assert.Equal(4, fixture.Finished[EndToEndFixture.FourPagesPdf].GetProperty("pageCount").GetInt32());
    }

    [SharedDataFact]
    public async Task Ask_cites_the_document_and_page_that_hold_the_answer()
    {
        var answer = await Server.PostJsonAsync("/api/ask", new { question = "Which table lists information about EU countries?" });

        Assert.True(answer.GetProperty("found").GetBoolean(), answer.ToString());
        var citations = answer.GetProperty("citations").EnumerateArray().ToList();
        var supporting = citations.FirstOrDefault(c =>
            c.GetProperty("fileName").GetString() == EndToEndFixture.MultiColumnPdf
            && c.GetProperty("page").GetInt32() == 3
            && c.GetProperty("quote").GetString()!.Contains("EU Countries Information", StringComparison.Ordinal));
        Assert.True(supporting.ValueKind == JsonValueKind.Object, $"No citation of page 3 of the multi-column PDF quoting the table title: {answer}");
        Assert.Equal(fixture.IdOf(EndToEndFixture.MultiColumnPdf), supporting.GetProperty("documentId").GetString());
        var box = supporting.GetProperty("box");
        Assert.True(box.GetProperty("right").GetDouble() > box.GetProperty("left").GetDouble(), $"citation box is degenerate: {box}");
        Assert.True(box.GetProperty("top").GetDouble() > box.GetProperty("bottom").GetDouble(), $"citation box is degenerate: {box}");
        Assert.Contains($"[{supporting.GetProperty("number").GetInt32()}]", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Citation_span_points_at_the_quote_inside_the_cited_chunk()
    {
        var answer = await Server.PostJsonAsync("/api/ask", new { question = "Who are the crazy ones, the misfits and the rebels?" });
        var citations = answer.GetProperty("citations").EnumerateArray().ToList();
        Assert.NotEmpty(citations);

        var search = await Server.PostJsonAsync("/api/search", new { query = "crazy ones misfits rebels troublemakers", top = 20 });
        var chunkTexts = search.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("chunkId").GetString()!, r => r.GetProperty("text").GetString()!);
        foreach (var citation in citations)
        {
            var text = chunkTexts[citation.GetProperty("chunkId").GetString()!];
            var start = citation.GetProperty("start").GetInt32();
            var end = citation.GetProperty("end").GetInt32();
            Assert.Equal(citation.GetProperty("quote").GetString(), text[start..end]);
        }
    }

    [SharedDataFact]
    public async Task Chinese_keyword_question_retrieves_the_Chinese_article()
    {
        foreach (var query in new[] { "预训练", "微调" })
        {
            var search = await Server.PostJsonAsync("/api/search", new { query, top = 3, mode = "keyword" });
            var top = search.GetProperty("results")[0];
            Assert.Equal(EndToEndFixture.ChineseArticle, top.GetProperty("fileName").GetString());
            Assert.Contains(query, top.GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        var answer = await Server.PostJsonAsync("/api/ask", new { question = "什么是预训练？" });
        Assert.True(answer.GetProperty("found").GetBoolean(), answer.ToString());
        Assert.Contains(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("fileName").GetString() == EndToEndFixture.ChineseArticle);
    }

    [SharedDataTheory]
    [InlineData(EndToEndFixture.PasswordPdf, "password-protected")]
    [InlineData("empty.txt", "empty")]
    [InlineData("renamed.pdf", "not a PDF")]
    [InlineData("slides.pptx", "Unsupported file type '.pptx'")]
    public void Bad_files_fail_with_a_reason_a_person_understands(string name, string reason)
    {
        var document = fixture.Finished[name];
        Assert.Equal("failed", document.GetProperty("status").GetString());
        Assert.Contains(reason, document.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [SharedDataFact]
    public async Task Server_keeps_serving_after_failed_documents()
    {
        var list = await Server.Client.GetFromJsonAsync<JsonElement>("/api/documents", KnowledgeHubServer.Json);
        Assert.Equal(fixture.Uploaded.Count, list.GetProperty("documents").GetArrayLength());
        var portal = await Server.Client.GetStringAsync("/");
        Assert.Contains("KnowledgeHub", portal, StringComparison.Ordinal);
        var openApi = await Server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/ask", out _));
    }

    [SharedDataFact]
    public async Task Uploading_the_same_bytes_twice_does_not_duplicate_chunks()
    {
        var id = fixture.IdOf(EndToEndFixture.CrazyOnesPdf);
        var chunkCount = fixture.Finished[EndToEndFixture.CrazyOnesPdf].GetProperty("chunkCount").GetInt32();

        var again = await Server.UploadFileAsync(SharedData.PdfSample(EndToEndFixture.CrazyOnesPdf));

        Assert.Equal(id, again.GetProperty("id").GetString());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        var index = Server.Services.GetRequiredService<ISearchIndex>();
        Assert.Equal(chunkCount, await index.CountAsync("default", id));
        var search = await Server.PostJsonAsync("/api/search", new { query = "Here's to the crazy ones", top = 50 });
        var chunkIds = search.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("chunkId").GetString()).ToList();
        Assert.Equal(chunkIds.Distinct().Count(), chunkIds.Count);
    }

    [SharedDataFact]
    public async Task Deleting_a_document_removes_it_from_search()
    {
        var content = Encoding.UTF8.GetBytes("The zebrafish aquarium protocol requires weekly water changes of thirty percent.");
        var uploaded = await Server.UploadAsync("aquarium.txt", content);
        var id = uploaded.GetProperty("id").GetString()!;
        Assert.Equal("completed", (await Server.WaitForEndAsync(id)).GetProperty("status").GetString());
        var before = await Server.PostJsonAsync("/api/search", new { query = "zebrafish aquarium water changes", top = 5 });
        Assert.Contains(before.GetProperty("results").EnumerateArray(), r => r.GetProperty("documentId").GetString() == id);

        using var delete = await Server.Client.DeleteAsync($"/api/documents/{id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        var after = await Server.PostJsonAsync("/api/search", new { query = "zebrafish aquarium water changes", top = 5 });
        Assert.DoesNotContain(after.GetProperty("results").EnumerateArray(), r => r.GetProperty("documentId").GetString() == id);
        using var get = await Server.Client.GetAsync($"/api/documents/{id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [SharedDataFact]
    public async Task Off_topic_question_gets_an_answer_that_says_it_is_not_in_the_documents()
    {
        var answer = await Server.PostJsonAsync("/api/ask", new { question = "What is the recommended tire pressure for a 2019 mountain bike?" });
        Assert.False(answer.GetProperty("found").GetBoolean(), answer.ToString());
        Assert.Empty(answer.GetProperty("citations").EnumerateArray());
    }

    [SharedDataTheory]
    [InlineData("GET", "/api/documents/doc_missing", null, HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/search", "{\"query\": ", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/search", "{\"query\": \"\"}", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/search", "{\"query\": \"x\", \"top\": 100000}", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/ask", "{}", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/documents", "{}", HttpStatusCode.UnsupportedMediaType)]
    public async Task Errors_are_problem_details(string method, string path, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Server.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
    }
}
