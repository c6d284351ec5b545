using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Connectors.Tests;

/// <summary>
/// A website served by Kestrel on loopback from a folder (static files with their ETags and 304s), with redirects
/// the test declares, and a log of every request with its conditional headers.
/// </summary>
internal sealed class TestSite : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestSite(WebApplication app, string root)
    {
        this.app = app;
        Root = root;
    }

    public string Root { get; }

    public ConcurrentQueue<(string Path, string? IfNoneMatch, int Status)> Requests { get; } = new();

    public Dictionary<string, string> Redirects { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<Uri> Addresses =>
        [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a))];

    public Uri Base => Addresses[0];

    public static async Task<TestSite> StartAsync(string root, params string[] urls)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls.Length == 0 ? ["http://127.0.0.1:0"] : urls);
        var app = builder.Build();
        var site = new TestSite(app, root);
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (site.Redirects.TryGetValue(path, out var target))
            {
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = target;
            }
            else
            {
                await next();
            }

            site.Requests.Enqueue((path, context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } tag ? tag : null, context.Response.StatusCode));
        });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root), ServeUnknownFileTypes = false });
        await app.StartAsync();
        return site;
    }

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public IReadOnlyList<string> Paths => [.. Requests.Select(r => r.Path)];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
