using System.Net.Http.Headers;
using KnowledgeHub.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

/// <summary>The real host, like <see cref="KnowledgeHubServer"/>, with services replaced (an injected failure, a log recorder).</summary>
public sealed class ConfiguredServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ConfiguredServer(WebApplication app, string dataPath, HttpClient client)
    {
        this.app = app;
        DataPath = dataPath;
        Client = client;
    }

    public string DataPath { get; }

    public HttpClient Client { get; }

    /// <param name="configureServices">Gets the data folder the server will use, and its services.</param>
    public static async Task<ConfiguredServer> StartAsync(Action<string, IServiceCollection> configureServices, params string[] extraArgs)
    {
        var dataPath = KnowledgeHubServer.NewDataPath();
        string[] args = ["--urls", "http://127.0.0.1:0", $"--KnowledgeHub:DataPath={dataPath}", "--Logging:LogLevel:Default=Warning", $"--KnowledgeHub:Auth:BootstrapKey={KnowledgeHubServer.AdminKey}", .. extraArgs];
        var app = KnowledgeHubApp.CreateServer(args, services => configureServices(dataPath, services));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KnowledgeHubServer.AdminKey);
        return new ConfiguredServer(app, dataPath, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background thread; the temp folder is cleaned by the OS.
        }
    }
}
