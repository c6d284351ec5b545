using System.Security.Cryptography;
using KnowledgeHub.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace KnowledgeHub.Bench;

/// <summary>The real server on a free loopback port, with a temporary data folder unless one is configured.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string? temporaryData;

    private InProcessServer(WebApplication app, string address, string key, string? temporaryData)
    {
        this.app = app;
        Address = address;
        Key = key;
        this.temporaryData = temporaryData;
    }

    public string Address { get; }

    public string Key { get; }

    /// <summary>The server's services (the same store and encoder its workers use).</summary>
    public IServiceProvider Services => app.Services;

    public static async Task<InProcessServer> StartAsync(IReadOnlyList<string> configuration, string? key)
    {
        key ??= "kh-load-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var ownsData = !configuration.Any(c => c.Contains("KnowledgeHub:DataPath", StringComparison.OrdinalIgnoreCase));
        var data = ownsData ? Path.Combine(Path.GetTempPath(), "kh-load-" + Guid.NewGuid().ToString("N")) : null;
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", $"--KnowledgeHub:Auth:BootstrapKey={key}",
            .. BenchLoadCommand.UnthrottledServer,
            .. data is null ? Array.Empty<string>() : [$"--KnowledgeHub:DataPath={data}"],
            .. configuration,
        ];
        var app = KnowledgeHubApp.CreateServer(args);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessServer(app, address, key, data);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        if (temporaryData is not null && Directory.Exists(temporaryData))
        {
            Directory.Delete(temporaryData, recursive: true);
        }
    }
}
