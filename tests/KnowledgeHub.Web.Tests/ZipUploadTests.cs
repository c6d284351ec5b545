using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>Bulk upload: 50 `file` parts, or a `.zip` with `expand=true`, become one document per file; bombs, nested archives and `../` paths are refused with reasons.</summary>
public sealed class ZipUploadTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task A_zip_of_50_files_in_folders_expands_into_50_documents_named_by_their_paths()
    {
        var collection = NewCollection("zip");
        var paths = Enumerable.Range(0, 50).Select(i => $"manuals/{(i % 3 == 0 ? "pumps" : "valves/2026")}/part-{i:D2}.txt").ToList();
        var zip = Zip(paths.Select(p => (p, Encoding.UTF8.GetBytes($"Maintenance note {p}: check the seals every {p.Length} days."))));

        using var response = await UploadZipAsync(zip, collection);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var answer = JsonDocument.Parse(text).RootElement;
        Assert.Equal(50, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(0, answer.GetProperty("refused").GetInt32());
        var uploads = answer.GetProperty("uploads").EnumerateArray().ToList();
        Assert.Equal(paths, uploads.Select(u => u.GetProperty("path").GetString()));
        Assert.Equal(paths.Select(Path.GetFileName), uploads.Select(u => u.GetProperty("fileName").GetString()));
        Assert.Equal(50, uploads.Select(u => u.GetProperty("document").GetProperty("id").GetString()).Distinct().Count());
        var list = await Client.GetFromJsonAsync<JsonElement>($"/api/documents?collection={collection}&limit=100");
        Assert.Equal(50, list.GetProperty("total").GetInt32());

        // The paths are the documents' external ids: the same archive again makes versions of the same 50 documents.
        using var again = await UploadZipAsync(zip, collection);
        var secondIds = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("uploads").EnumerateArray()
            .Select(u => u.GetProperty("document").GetProperty("id").GetString());
        Assert.Equal(uploads.Select(u => u.GetProperty("document").GetProperty("id").GetString()), secondIds);
        Assert.Equal(50, (await Client.GetFromJsonAsync<JsonElement>($"/api/documents?collection={collection}&limit=100")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Fifty_file_parts_in_one_request_become_50_documents()
    {
        var collection = NewCollection("parts");
        using var form = new MultipartFormDataContent { { new StringContent(collection), "collection" } };
        for (var i = 0; i < 50; i++)
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes($"Part {i} explains how valve {i} is greased.")), "file", $"part-{i:D2}.txt");
        }

        using var response = await Client.PostAsync("/api/documents", form);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        Assert.Equal(50, JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(50, (await Client.GetFromJsonAsync<JsonElement>($"/api/documents?collection={collection}&limit=100")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_as_a_whole_and_stores_nothing()
    {
        var collection = NewCollection("bomb");
        var zip = Zip([("readme.txt", "A harmless file beside the bomb."u8.ToArray()), ("zeros.txt", new byte[16 * 1024 * 1024])]);

        using var response = await UploadZipAsync(zip, collection);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Archive refused", problem.GetProperty("title").GetString());
        Assert.Contains("decompression bomb", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await Client.GetFromJsonAsync<JsonElement>($"/api/documents?collection={collection}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Nested_archives_and_paths_leaving_the_archive_are_refused_with_reasons_beside_the_accepted_file()
    {
        var collection = NewCollection("nested");
        var inner = Zip([("inner.txt", "Inside the inner archive."u8.ToArray())]);
        var zip = Zip([
            ("good/notes.txt", "Seals are checked weekly."u8.ToArray()),
            ("more/inner.zip", inner),
            ("../escape.txt", "Trying to leave the folder."u8.ToArray()),
            ("docs/../../escape-too.txt", "Trying again."u8.ToArray()),
        ]);

        using var response = await UploadZipAsync(zip, collection);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var answer = JsonDocument.Parse(text).RootElement;
        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(3, answer.GetProperty("refused").GetInt32());
        var uploads = answer.GetProperty("uploads").EnumerateArray().ToList();
        Assert.Equal(202, uploads[0].GetProperty("status").GetInt32());
        Assert.All(uploads.Skip(1), u => Assert.Equal(422, u.GetProperty("status").GetInt32()));
        Assert.Contains("nested archives are not expanded", Detail(uploads[1]), StringComparison.Ordinal);
        Assert.Contains("leaves the archive", Detail(uploads[2]), StringComparison.Ordinal);
        Assert.Contains("leaves the archive", Detail(uploads[3]), StringComparison.Ordinal);
        Assert.Equal(1, (await Client.GetFromJsonAsync<JsonElement>($"/api/documents?collection={collection}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_zip_holding_only_refused_entries_answers_422_with_each_reason()
    {
        var zip = Zip([("../../etc/passwd", "root:x:0:0"u8.ToArray())]);

        using var response = await UploadZipAsync(zip, NewCollection("escape"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("No file accepted", problem.GetProperty("title").GetString());
        Assert.Contains("leaves the archive", Detail(problem.GetProperty("uploads")[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expand_with_a_file_that_is_not_a_zip_is_refused_with_a_reason()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("Plain text."u8.ToArray()), "file", "plain.txt" },
            { new StringContent("true"), "expand" },
        };

        using var response = await Client.PostAsync("/api/documents", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("one .zip archive", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zip_entries_carry_the_uploads_access_groups_and_metadata()
    {
        var collection = NewCollection("zipattr");
        var zip = Zip([("a/one.txt", "Pump seal note one."u8.ToArray()), ("b/two.txt", "Valve seal note two."u8.ToArray())]);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(zip), "file", "bundle.zip" },
            { new StringContent(collection), "collection" },
            { new StringContent("true"), "expand" },
            { new StringContent("hr,board"), "accessGroups" },
            { new StringContent("""{"department":"maintenance","year":2026}"""), "metadata" },
        };

        using var response = await Client.PostAsync("/api/documents", form);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var ids = JsonDocument.Parse(text).RootElement.GetProperty("uploads").EnumerateArray()
            .Select(u => u.GetProperty("document").GetProperty("id").GetString()!).ToList();
        Assert.Equal(2, ids.Count);
        foreach (var id in ids)
        {
            var document = await fixture.Server.GetDocumentAsync(id);
            Assert.Equal(["board", "hr"], document.GetProperty("accessGroups").EnumerateArray().Select(g => g.GetString()).Order(StringComparer.Ordinal));
            var metadata = document.GetProperty("metadata");
            Assert.Equal("maintenance", metadata.GetProperty("department").GetString());
            Assert.Equal(2026, metadata.GetProperty("year").GetInt32());
        }
    }

    private static string NewCollection(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static string Detail(JsonElement upload) => upload.GetProperty("problem").GetProperty("detail").GetString()!;

    private async Task<HttpResponseMessage> UploadZipAsync(byte[] zip, string collection)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(zip), "file", "bundle.zip" },
            { new StringContent(collection), "collection" },
            { new StringContent("true"), "expand" },
        };
        return await Client.PostAsync("/api/documents", form);
    }

    private static byte[] Zip(IEnumerable<(string Path, byte[] Content)> files)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var entry = archive.CreateEntry(path, CompressionLevel.Optimal).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
