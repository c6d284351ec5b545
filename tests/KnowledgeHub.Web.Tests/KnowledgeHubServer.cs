using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeHub.TestSupport;
using KnowledgeHub.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

/// <summary>The real host on a loopback port with its own temporary data folder.</summary>
public sealed class KnowledgeHubServer : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>The bootstrap admin key every test server starts with; <see cref="Client"/> sends it as a Bearer token.</summary>
    public const string AdminKey = "kh-test-admin-0123456789abcdef0123456789";

    private readonly WebApplication app;

    private KnowledgeHubServer(WebApplication app, string dataPath, HttpClient client)
    {
        this.app = app;
        DataPath = dataPath;
        Client = client;
    }

    public string DataPath { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public static string NewDataPath() => Path.Combine(Path.GetTempPath(), "kh-test-" + Guid.NewGuid().ToString("N"));

    public static Task<KnowledgeHubServer> StartAsync(params string[] extraArgs) => StartInAsync(NewDataPath(), extraArgs);

    public static Task<KnowledgeHubServer> StartInAsync(string dataPath, params string[] extraArgs) => StartCoreAsync(dataPath, null, extraArgs);

    /// <summary>The real host with services replaced after the product's own (an injected failure, a log recorder).</summary>
    /// <param name="configureServices">Gets the data folder the server will use, and its services.</param>
    public static Task<KnowledgeHubServer> StartWithAsync(Action<string, IServiceCollection> configureServices, params string[] extraArgs)
    {
        var dataPath = NewDataPath();
        return StartCoreAsync(dataPath, services => configureServices(dataPath, services), extraArgs);
    }

    private static async Task<KnowledgeHubServer> StartCoreAsync(string dataPath, Action<IServiceCollection>? configureServices, string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", $"--KnowledgeHub:DataPath={dataPath}", $"--KnowledgeHub:ModelCachePath={TestModelCache.Folder}",
            "--Logging:LogLevel:Default=Warning", $"--KnowledgeHub:Auth:BootstrapKey={AdminKey}", .. extraArgs,
        ];
        var app = KnowledgeHubApp.CreateServer(args, configureServices);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return new KnowledgeHubServer(app, dataPath, client);
    }

    public async Task<JsonElement> UploadAsync(string fileName, byte[] content, string? collection = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (collection is not null)
        {
            form.Add(new StringContent(collection), "collection");
        }

        using var response = await Client.PostAsync("/api/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"Upload of {fileName} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public Task<JsonElement> UploadFileAsync(string path, string? collection = null) =>
        UploadAsync(Path.GetFileName(path), File.ReadAllBytes(path), collection);

    public async Task<JsonElement> GetDocumentAsync(string id) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/documents/{id}", Json)).Clone();

    /// <summary>Polls until the document is completed or failed. The bound only keeps a broken build from hanging CI.</summary>
    public async Task<JsonElement> WaitForEndAsync(string id, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromMinutes(10));
        while (true)
        {
            var document = await GetDocumentAsync(id);
            var status = document.GetProperty("status").GetString();
            if (status is "completed" or "failed")
            {
                return document;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Document {id} did not finish; last state: {document}");
            }

            await Task.Delay(200);
        }
    }

    public async Task<JsonElement> PostJsonAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(path, body, Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Leaves the data folder in place at dispose, so a test can start another host on it (a restart).</summary>
    public bool KeepDataOnDispose { get; set; }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        if (KeepDataOnDispose)
        {
            return;
        }

        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background thread; the temp folder is cleaned by the OS.
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        KnowledgeHubApp.ConfigureJson(options);
        return options;
    }
}
