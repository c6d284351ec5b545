using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Connectors;

/// <summary>
/// A website, crawled breadth first from start URLs and sitemaps within the allowed prefixes, maxPages and maxDepth;
/// robots.txt honoured (a disallowed path is never requested); one request at a time with a pause between; later runs
/// ask conditionally (If-None-Match / If-Modified-Since) and a 304 keeps the page and its links without a download.
/// Redirects are followed by hand, each hop within the allowed prefixes; the SSRF guard checks every connection.
/// </summary>
public sealed partial class WebSource(
    ParserRegistry parsers,
    IOptions<ConnectorsOptions> options,
    IOptions<IngestionOptions> ingestion,
    TimeProvider timeProvider,
    ILogger<WebSource> logger) : IConnectorSource
{
    private readonly ParserRegistry parsers = parsers;
    private readonly IOptions<ConnectorsOptions> options = options;
    private readonly IOptions<IngestionOptions> ingestion = ingestion;
    private readonly TimeProvider timeProvider = timeProvider;
    private readonly ILogger<WebSource> logger = logger;

    private static readonly string[] HtmlTypes = ["text/html", "application/xhtml+xml"];

    public ConnectorKind Kind => ConnectorKind.Web;

    /// <summary>Replaces the guard built from options; tests use it to stand an outside host on loopback.</summary>
    internal SsrfGuard? Guard { get; set; }

    public async IAsyncEnumerable<SourceItem> ListAsync(
        ConnectorRecord connector, IReadOnlyDictionary<string, ConnectorItem> previous, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var web = options.Value.Web;
        var settings = ConnectorSettings.Web(connector.Settings, options.Value, checkAddresses: false);
        var guard = Guard ?? new SsrfGuard(web.AllowPrivateNetworks);
        using var client = new HttpClient(guard.CreateHandler(), disposeHandler: true) { Timeout = web.RequestTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(web.UserAgent);
        var crawl = new Crawl(this, client, settings, previous, cancellationToken);

        var queue = new Queue<(Uri Url, int Depth, bool Start)>();
        var queued = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in settings.StartUrls.Where(s => queued.Add(s.ToString())))
        {
            queue.Enqueue((start, 0, true));
        }

        foreach (var page in (await crawl.SitemapPagesAsync()).Where(p => queued.Add(p.ToString())))
        {
            queue.Enqueue((page, 0, false));
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        while (queue.Count > 0 && listed.Count < settings.MaxPages)
        {
            var (url, depth, start) = queue.Dequeue();
            var fetched = await crawl.FetchAsync(url, start);
            if (fetched is null || !listed.Add(fetched.Item.Uri))
            {
                continue;
            }

            yield return fetched.Item;
            if (depth >= settings.MaxDepth)
            {
                continue;
            }

            foreach (var link in fetched.Links)
            {
                if (Uri.TryCreate(link, UriKind.Absolute, out var next) && WebAddresses.IsAllowed(next, settings.AllowedPrefixes) && queued.Add(next.ToString()))
                {
                    queue.Enqueue((next, depth + 1, false));
                }
            }
        }
    }

    private static (List<string> Links, Uri? Canonical) ParseHtml(Uri page, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(stream);
        var baseHref = document.QuerySelector("base[href]")?.GetAttribute("href");
        var baseUri = baseHref is not null && Uri.TryCreate(page, baseHref, out var based) ? based : page;
        var links = document.QuerySelectorAll("a[href]")
            .Where(a => !(a.GetAttribute("rel") ?? string.Empty).Contains("nofollow", StringComparison.OrdinalIgnoreCase))
            .Select(a => WebAddresses.Resolve(baseUri, a.GetAttribute("href")))
            .Where(u => u is not null)
            .Select(u => u!.ToString())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var canonical = WebAddresses.Resolve(baseUri, document.QuerySelector("link[rel='canonical'][href]")?.GetAttribute("href"));
        return (links, canonical);
    }

    private static List<string> Links(string? state)
    {
        if (string.IsNullOrEmpty(state))
        {
            return [];
        }

        try
        {
            return [.. JsonSerializer.Deserialize<PageState>(state)?.Links ?? []];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The validators the server gave, as one token: a later request sends them back.</summary>
    private static string Token(HttpResponseMessage response, byte[] bytes)
    {
        var etag = response.Headers.ETag?.ToString();
        var modified = response.Content.Headers.LastModified?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return etag is null && modified is null
            ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes))
            : $"etag={etag}\nmodified={modified}";
    }

    private static void AddConditions(HttpRequestMessage request, string token)
    {
        foreach (var line in token.Split('\n'))
        {
            if (line.StartsWith("etag=", StringComparison.Ordinal) && line.Length > 5 && EntityTagHeaderValue.TryParse(line[5..], out var etag))
            {
                request.Headers.IfNoneMatch.Add(etag);
            }
            else if (line.StartsWith("modified=", StringComparison.Ordinal) && line.Length > 9
                && DateTimeOffset.TryParse(line[9..], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var modified))
            {
                request.Headers.IfModifiedSince = modified;
            }
        }
    }
}
