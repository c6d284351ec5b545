using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>Several `file` parts in one upload are each accepted or refused on their own; none is silently dropped.</summary>
public sealed class MultiFileUploadTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Two_file_parts_are_both_stored_and_listed_in_the_answer()
    {
        var collection = "multi-" + Guid.NewGuid().ToString("N")[..8];
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("First file about pumps."u8.ToArray()), "file", "first.txt" },
            { new ByteArrayContent("Second file about valves."u8.ToArray()), "file", "second.txt" },
            { new StringContent(collection), "collection" },
        };

        using var response = await Client.PostAsync("/api/documents", form);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var answer = JsonDocument.Parse(text).RootElement;
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(0, answer.GetProperty("refused").GetInt32());
        var uploads = answer.GetProperty("uploads").EnumerateArray().ToList();
        Assert.Equal(["first.txt", "second.txt"], uploads.Select(u => u.GetProperty("fileName").GetString()));
        Assert.All(uploads, u => Assert.Equal(202, u.GetProperty("status").GetInt32()));
        var ids = uploads.Select(u => u.GetProperty("document").GetProperty("id").GetString()).ToList();
        Assert.Equal(2, ids.Distinct().Count());
        var list = await Client.GetFromJsonAsync<JsonElement>($"/api/documents?collection={collection}");
        Assert.Equal(2, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_refused_part_gets_its_own_problem_beside_the_accepted_one()
    {
        var collection = "mixed-" + Guid.NewGuid().ToString("N")[..8];
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent("Accepted text."u8.ToArray()), "file", "good.txt");
        var blank = new ByteArrayContent("No name."u8.ToArray());
        blank.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\" \"" };
        form.Add(blank);
        form.Add(new StringContent(collection), "collection");

        using var response = await Client.PostAsync("/api/documents", form);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var uploads = JsonDocument.Parse(text).RootElement.GetProperty("uploads").EnumerateArray().ToList();
        Assert.Equal(2, uploads.Count);
        Assert.Equal(202, uploads[0].GetProperty("status").GetInt32());
        Assert.Equal(400, uploads[1].GetProperty("status").GetInt32());
        Assert.Contains("no file name", uploads[1].GetProperty("problem").GetProperty("detail").GetString(), StringComparison.Ordinal);
        var list = await Client.GetFromJsonAsync<JsonElement>($"/api/documents?collection={collection}");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Two_file_parts_with_an_idempotency_key_are_refused_with_400_and_nothing_is_stored()
    {
        var collection = "idem-" + Guid.NewGuid().ToString("N")[..8];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/documents")
        {
            Content = new MultipartFormDataContent
            {
                { new ByteArrayContent("One."u8.ToArray()), "file", "one.txt" },
                { new ByteArrayContent("Two."u8.ToArray()), "file", "two.txt" },
                { new StringContent(collection), "collection" },
            },
        };
        request.Headers.Add("Idempotency-Key", "batch-1");

        using var response = await Client.SendAsync(request);

        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'Idempotency-Key' identifies the upload of one file", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var list = await Client.GetFromJsonAsync<JsonElement>($"/api/documents?collection={collection}");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Two_file_parts_with_one_external_id_are_refused_with_400_naming_it()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("One."u8.ToArray()), "file", "one.txt" },
            { new ByteArrayContent("Two."u8.ToArray()), "file", "two.txt" },
            { new StringContent("crm-42"), "externalId" },
        };

        using var response = await Client.PostAsync("/api/documents", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'externalId'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_file_part_still_answers_the_document_itself()
    {
        var document = await fixture.Server.UploadAsync("single.txt", Encoding.UTF8.GetBytes("Only one " + Guid.NewGuid()));

        Assert.StartsWith("doc_", document.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.False(document.TryGetProperty("uploads", out _));
    }
}
