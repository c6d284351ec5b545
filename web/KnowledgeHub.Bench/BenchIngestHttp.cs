using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench ingest --http`: the same texts pushed through `POST /api/documents` as a client would, several `file` parts per
/// request (or, with --zip, one .zip per request with expand=true), then ingested by the server's own job workers. The
/// clock runs from the first upload until every document is completed or failed. In-process (no --url) the encoder alone
/// is then timed on the stored chunk texts, as for the in-process run.
/// </summary>
internal static class BenchIngestHttp
{
    public static async Task<int> RunAsync(CommandArgs parsed, IReadOnlyList<BeirDocument> corpus, string collection)
    {
        var perRequest = parsed.Value("per-request") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : 100;
        var zip = parsed.Has("zip");
        if (perRequest < 1 || perRequest > (zip ? UploadArchive.MaxEntries : 100))
        {
            throw new ArgumentException($"--per-request must be 1 to {(zip ? UploadArchive.MaxEntries : 100)}{(zip ? " (files per zip)" : " (file parts per request)")}.");
        }

        await using var server = parsed.Value("url") is null ? await InProcessServer.StartAsync(parsed.Configuration, parsed.Value("key")) : null;
        var baseAddress = server?.Address ?? parsed.Value("url")!;
        var key = server?.Key ?? parsed.Value("key") ?? Environment.GetEnvironmentVariable("KNOWLEDGEHUB_KEY")
            ?? throw new ArgumentException("--url needs --key (or KNOWLEDGEHUB_KEY) with an API key that may upload and read documents.");
        using var client = BenchLoadCommand.CreateClient(baseAddress, key, 4);
        if (server is not null)
        {
            // Through HTTP too: the server's request, upload and job paths are compiled before the clock starts.
            await BenchIngestCommand.WarmUpAsync(server.Services, corpus, BenchIngestCommand.WarmUpDocuments(parsed), async copies =>
                await WaitAsync(client, await UploadAsync(client, copies, collection + "-warm-up", perRequest, zip), Stopwatch.StartNew()));
        }

        var cpuStart = ProcessCpu.Now();
        var clock = Stopwatch.StartNew();
        var ids = await UploadAsync(client, corpus, collection, perRequest, zip);
        var uploadSeconds = clock.Elapsed.TotalSeconds;
        var (chunks, failed) = await WaitAsync(client, ids, clock);
        clock.Stop();
        var cpu = ProcessCpu.Now().Since(cpuStart);
        var seconds = clock.Elapsed.TotalSeconds;
        // The process's CPU time means something only when the server runs in it.
        var inProcess = server is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" {cpu.Describe(string.Empty)} cpu_ms_per_chunk={cpu.Seconds * 1000 / Math.Max(1, chunks):F1} peak_working_set_mib={BenchIngestCommand.PeakWorkingSetMib():F0}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest_http mode={(zip ? "zip" : "multi-file")} per_request={perRequest} documents={ids.Count} failed={failed} chunks={chunks} upload_s={uploadSeconds:F1} wall_s={seconds:F1} docs_per_s={ids.Count / seconds:F1} chunks_per_s={chunks / seconds:F1}{inProcess}"));
        if (server is not null && !parsed.Has("no-encoder"))
        {
            var texts = await BenchIngestCommand.EmbeddedTextsAsync(server.Services, ids);
            await BenchIngestCommand.CompareWithEncoderAsync(server.Services, texts, seconds, cpu);
        }

        return failed == 0 && ids.Count == corpus.Count ? 0 : 1;
    }

    /// <summary>Posts <paramref name="documents"/>, <paramref name="perRequest"/> per request; the accepted documents' ids.</summary>
    private static async Task<List<string>> UploadAsync(HttpClient client, IReadOnlyList<BeirDocument> documents, string collection, int perRequest, bool zip)
    {
        var ids = new List<string>();
        foreach (var part in documents.Chunk(perRequest))
        {
            using var form = zip ? ZipForm(part, collection) : FilesForm(part, collection);
            using var response = await client.PostAsync("/api/documents", form);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"An upload of {part.Length} documents answered {(int)response.StatusCode}: {body}");
            }

            ids.AddRange(DocumentIds(body));
        }

        return ids;
    }

    private static MultipartFormDataContent FilesForm(IEnumerable<BeirDocument> documents, string collection)
    {
        var form = new MultipartFormDataContent { { new StringContent(collection), "collection" } };
        foreach (var document in documents)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(document.FullText));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "file", $"{document.Id}.txt");
        }

        return form;
    }

    private static MultipartFormDataContent ZipForm(IEnumerable<BeirDocument> documents, string collection)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var document in documents)
            {
                // A folder per leading digit, so that the archive has folder paths as real bulk uploads do.
                var entry = archive.CreateEntry($"corpus/{document.Id[..1]}/{document.Id}.txt", CompressionLevel.Fastest);
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(document.FullText));
            }
        }

        var file = new ByteArrayContent(buffer.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return new MultipartFormDataContent
        {
            { new StringContent(collection), "collection" },
            { new StringContent("true"), "expand" },
            { file, "file", "corpus.zip" },
        };
    }

    /// <summary>The accepted documents' ids: a list answer's entries, or a single-file answer's own id.</summary>
    private static List<string> DocumentIds(string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        if (!root.TryGetProperty("uploads", out var uploads))
        {
            return [root.GetProperty("id").GetString()!];
        }

        return uploads.EnumerateArray()
            .Where(u => u.TryGetProperty("document", out var d) && d.ValueKind == JsonValueKind.Object)
            .Select(u => u.GetProperty("document").GetProperty("id").GetString()!)
            .ToList();
    }

    /// <summary>Polls the oldest unfinished document (they finish roughly in upload order) until every one is done.</summary>
    private static async Task<(int Chunks, int Failed)> WaitAsync(HttpClient client, List<string> ids, Stopwatch clock)
    {
        var chunks = 0;
        var failed = 0;
        var next = 0;
        var reported = 0;
        while (next < ids.Count)
        {
            var document = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{Uri.EscapeDataString(ids[next])}");
            switch (document.GetProperty("status").GetString())
            {
                case "completed":
                    chunks += document.TryGetProperty("chunkCount", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt32() : 0;
                    next++;
                    continue;
                case "failed":
                    failed++;
                    next++;
                    continue;
            }

            if (next / 250 > reported)
            {
                reported = next / 250;
                await Console.Error.WriteLineAsync($"ingested {next}/{ids.Count} ({clock.Elapsed.TotalSeconds:F0} s)");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return (chunks, failed);
    }
}
