using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>GET /api/documents: pages by cursor or offset with a total and a next link, and filters.</summary>
public sealed class DocumentListTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    [Fact]
    public async Task Following_next_links_walks_every_document_once_newest_first()
    {
        using var client = fixture.Server.ClientWith(await fixture.Server.CreateKeyAsync("ingest", tenant: "paging"));
        var uploaded = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            uploaded.Add((await client.UploadTextAsync($"page-{i}.txt", $"Document number {i} for paging.")).GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        string? next = "/api/documents?limit=3&collection=default";
        var pages = 0;
        while (next is not null)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(next);
            Assert.Equal(7, page.GetProperty("total").GetInt32());
            seen.AddRange(page.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()!));
            next = page.TryGetProperty("next", out var link) ? link.GetString() : null;
            Assert.True(next is null || next.Contains("collection=default", StringComparison.Ordinal), $"The next link lost the filter: {next}");
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(uploaded.AsEnumerable().Reverse(), seen);
    }

    [Fact]
    public async Task Offset_file_name_and_status_filters_narrow_the_list_and_its_total()
    {
        using var client = fixture.Server.ClientWith(await fixture.Server.CreateKeyAsync("ingest", tenant: "filtering"));
        foreach (var name in new[] { "Invoice-2024-01.txt", "invoice-2024-02.txt", "minutes.txt" })
        {
            await client.UploadTextAsync(name, $"The content of {name}.");
        }

        var invoices = await client.GetFromJsonAsync<JsonElement>("/api/documents?fileName=INVOICE");
        var secondInvoice = await client.GetFromJsonAsync<JsonElement>("/api/documents?fileName=invoice&offset=1&limit=1");
        var failed = await client.GetFromJsonAsync<JsonElement>("/api/documents?status=failed");
        var future = await client.GetFromJsonAsync<JsonElement>("/api/documents?createdFrom=2999-01-01T00:00:00Z");

        Assert.Equal(2, invoices.GetProperty("total").GetInt32());
        Assert.Equal("Invoice-2024-01.txt", Assert.Single(secondInvoice.GetProperty("documents").EnumerateArray()).GetProperty("fileName").GetString());
        Assert.False(secondInvoice.TryGetProperty("next", out _));
        Assert.Equal(0, failed.GetProperty("total").GetInt32());
        Assert.Equal(0, future.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("/api/documents?limit=0")]
    [InlineData("/api/documents?limit=501")]
    [InlineData("/api/documents?cursor=not-a-cursor")]
    [InlineData("/api/documents?offset=-1")]
    [InlineData("/api/documents?status=finished")]
    [InlineData("/api/documents?status=1")]
    public async Task Bad_paging_parameters_are_a_400_problem(string path)
    {
        using var response = await fixture.Server.Client.GetAsync(path);

        await ApiKeyClients.AssertProblemAsync(response, HttpStatusCode.BadRequest, "Invalid request");
    }

    [Fact]
    public async Task Repeated_upload_with_the_same_idempotency_key_answers_the_first_response_without_a_new_upload()
    {
        using var client = fixture.Server.ClientWith(await fixture.Server.CreateKeyAsync("ingest", tenant: "idempotent"));
        var content = "Idempotent upload body."u8.ToArray();

        using var first = await client.SendUploadAsync("once.txt", content, "upload-0001");
        var firstBody = await first.Content.ReadAsStringAsync();
        var id = JsonDocument.Parse(firstBody).RootElement.GetProperty("id").GetString()!;
        await client.WaitForEndAsync(id);
        using var again = await client.SendUploadAsync("once.txt", content, "upload-0001");
        var againBody = await again.Content.ReadAsStringAsync();
        var document = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{id}");
        var list = await client.GetFromJsonAsync<JsonElement>("/api/documents");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(firstBody, againBody);
        Assert.Equal("queued", JsonDocument.Parse(againBody).RootElement.GetProperty("status").GetString());
        Assert.True(again.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(1, document.GetProperty("version").GetInt32());
        Assert.Equal(1, document.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Same_idempotency_key_with_different_content_is_a_422_problem_and_changes_nothing()
    {
        using var client = fixture.Server.ClientWith(await fixture.Server.CreateKeyAsync("ingest", tenant: "idempotent-conflict"));
        await client.UploadTextAsync("a.txt", "First content.", "upload-0002");

        using var conflict = await client.SendUploadAsync("a.txt", "Other content."u8.ToArray(), "upload-0002");
        var list = await client.GetFromJsonAsync<JsonElement>("/api/documents");

        await ApiKeyClients.AssertProblemAsync(conflict, HttpStatusCode.UnprocessableEntity, "Idempotency key reused");
        var only = Assert.Single(list.GetProperty("documents").EnumerateArray());
        Assert.Equal(1, only.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Idempotency_keys_are_per_tenant()
    {
        using var first = fixture.Server.ClientWith(await fixture.Server.CreateKeyAsync("ingest", tenant: "idem-one"));
        using var second = fixture.Server.ClientWith(await fixture.Server.CreateKeyAsync("ingest", tenant: "idem-two"));

        var a = await first.UploadTextAsync("same.txt", "Tenant one's text.", "shared-key");
        using var response = await second.SendUploadAsync("same.txt", "Tenant two's different text."u8.ToArray(), "shared-key");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(response.Headers.Contains("Idempotency-Replayed"));
        Assert.NotEqual(a.GetProperty("id").GetString(), (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
    }
}
