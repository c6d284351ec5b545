using System.Net;
using System.Text.Json;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Connectors.Tests;

public sealed class WebConnectorTests
{
    private static readonly (string Key, string Value)[] Intranet =
    [
        ("KnowledgeHub:Connectors:Web:AllowPrivateNetworks", "true"),
        ("KnowledgeHub:Connectors:Web:RequestDelay", "00:00:00"),
    ];

    private static string Page(string title, string body, params string[] links) =>
        $"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p>"
        + string.Concat(links.Select(l => $"<a href=\"{l}\">{l}</a> "))
        + "</body></html>";

    private static void BuildSite(TestSite site)
    {
        site.Write("robots.txt", "User-agent: *\nDisallow: /docs/private/\n");
        site.Write("sitemap.xml", """<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/docs/pages.xml</loc></sitemap></sitemapindex>""");
        site.Write("docs/pages.xml", """<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/docs/index.html</loc></url><url><loc>/docs/c.html</loc></url></urlset>""");
        site.Write("docs/index.html", Page("Index", "The welcome lobby.", "a.html", "a.html#top", "b.html", "private/secret.html", "old.html", "missing.html", "guide.pdf", "http://outside.invalid/x.html"));
        site.Write("docs/a.html", Page("Alpha", "The aardwolf page.", "index.html", "b.html"));
        site.Write("docs/b.html", Page("Bravo", "The bandicoot page.", "a.html"));
        site.Write("docs/c.html", Page("Charlie", "The caracal page, listed only in the sitemap."));
        site.Write("docs/moved.html", Page("Moved", "The page old.html moved to."));
        site.Write("docs/private/secret.html", Page("Secret", "Robots keep crawlers out."));
        File.Copy(SharedData.PdfSample("001-trivial_minimal-document.pdf"), Path.Combine(site.Root, "docs", "guide.pdf"));
        site.Redirects["/docs/old.html"] = "/docs/moved.html";
    }

    private static string Settings(Uri start) => JsonSerializer.Serialize(new
    {
        startUrls = new[] { new Uri(start, "/docs/index.html").ToString() },
        sitemaps = new[] { new Uri(start, "/sitemap.xml").ToString() },
        allowedPrefixes = new[] { new Uri(start, "/docs/").ToString() },
        maxPages = 50,
        maxDepth = 3,
    });

    [SharedDataFact]
    [Trait("Speed", "Slow")]
    public async Task A_crawl_indexes_exactly_the_allowed_pages_and_a_recrawl_asks_conditionally_and_reindexes_only_what_changed()
    {
        using var temp = new TempFolder("kh-web");
        await using var site = await TestSite.StartAsync(Directory.CreateDirectory(temp.File("site")).FullName);
        BuildSite(site);
        await using var harness = new ConnectorHarness(temp, Intranet);
        await harness.InitializeAsync();
        var connector = await harness.AddAsync(ConnectorKind.Web, Settings(site.Base));
        string Url(string path) => new Uri(site.Base, path).ToString();

        var first = await harness.SyncAsync(connector);

        Assert.Equal((ConnectorRunStatus.Completed, 6, 0, 0, 0, 0), (first.Status, first.Added, first.Updated, first.Deleted, first.Unchanged, first.Failed));
        var items = await harness.Store.ListItemsAsync(connector.Id);
        Assert.Equal(
            new[] { "/docs/a.html", "/docs/b.html", "/docs/c.html", "/docs/guide.pdf", "/docs/index.html", "/docs/moved.html" }.Select(Url).Order(StringComparer.Ordinal),
            items.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("/docs/private/secret.html", site.Paths);
        Assert.Contains("/docs/missing.html", site.Paths);
        var documents = await harness.DocumentsAsync();
        Assert.Equal(6, documents.Count);
        Assert.Contains(documents, d => d.FileName == "guide.pdf" && d.Status == Ingestion.Documents.DocumentStatus.Completed);
        Assert.Single(await harness.SearchAsync("bandicoot"));

        site.Requests.Clear();
        site.Write("docs/b.html", Page("Bravo", "The bilby page, rewritten.", "a.html"));
        File.SetLastWriteTimeUtc(Path.Combine(site.Root, "docs", "b.html"), DateTime.UtcNow.AddMinutes(5));
        File.Delete(Path.Combine(site.Root, "docs", "c.html"));

        var second = await harness.SyncAsync(connector);

        Assert.Equal((ConnectorRunStatus.Completed, 0, 1, 1, 4, 0), (second.Status, second.Added, second.Updated, second.Deleted, second.Unchanged, second.Failed));
        var requests = site.Requests.ToList();
        Assert.All(requests.Where(r => r.Path is "/docs/index.html" or "/docs/a.html" or "/docs/b.html" or "/docs/moved.html" or "/docs/guide.pdf"), r => Assert.NotNull(r.IfNoneMatch));
        Assert.True(4 == requests.Count(r => r.Status == (int)HttpStatusCode.NotModified), string.Join("; ", requests));
        Assert.DoesNotContain("/docs/private/secret.html", site.Paths);
        Assert.Single(harness.Ingested);
        Assert.Single(await harness.SearchAsync("bilby"));
        Assert.Empty(await harness.SearchAsync("bandicoot"));
        Assert.Empty(await harness.SearchAsync("caracal"));
        Assert.Equal(5, (await harness.DocumentsAsync()).Count);
    }

    [Fact]
    public async Task With_the_default_guard_a_crawl_of_loopback_is_refused_with_the_reason_and_sends_nothing()
    {
        using var temp = new TempFolder("kh-web");
        await using var site = await TestSite.StartAsync(Directory.CreateDirectory(temp.File("site")).FullName);
        site.Write("docs/index.html", Page("Index", "lobby"));
        await using var harness = new ConnectorHarness(temp, ("KnowledgeHub:Connectors:Web:RequestDelay", "00:00:00"));
        await harness.InitializeAsync();
        var connector = await harness.AddAsync(ConnectorKind.Web, JsonSerializer.Serialize(new { startUrls = new[] { new Uri(site.Base, "/docs/index.html").ToString() } }));

        var run = await harness.SyncAsync(connector);

        Assert.Equal(ConnectorRunStatus.Failed, run.Status);
        Assert.Contains("127.0.0.1 is a loopback address", run.Error, StringComparison.Ordinal);
        Assert.Contains("AllowPrivateNetworks", run.Error, StringComparison.Ordinal);
        Assert.Empty(site.Requests);
        Assert.Empty(await harness.DocumentsAsync());
    }

    [Fact]
    public async Task With_the_default_guard_a_redirect_from_an_allowed_host_to_loopback_is_refused()
    {
        using var temp = new TempFolder("kh-web");
        await using var site = await TestSite.StartAsync(Directory.CreateDirectory(temp.File("site")).FullName, "http://127.0.0.2:0", "http://127.0.0.1:0");
        var outside = site.Addresses.Single(a => a.Host == "127.0.0.2");
        var inside = site.Addresses.Single(a => a.Host == "127.0.0.1");
        site.Write("docs/index.html", Page("Index", "internal lobby"));
        site.Redirects["/docs/start.html"] = new Uri(inside, "/docs/index.html").ToString();
        await using var harness = new ConnectorHarness(temp, ("KnowledgeHub:Connectors:Web:RequestDelay", "00:00:00"));
        await harness.InitializeAsync();

        // 127.0.0.2 stands for a public host: the guard treats it as one, and nothing else.
        harness.Get<IEnumerable<IConnectorSource>>().OfType<WebSource>().Single().Guard = new SsrfGuard(false, new HashSet<IPAddress> { IPAddress.Parse("127.0.0.2") });
        var connector = await harness.AddAsync(ConnectorKind.Web, JsonSerializer.Serialize(new
        {
            startUrls = new[] { new Uri(outside, "/docs/start.html").ToString() },
            allowedPrefixes = new[] { new Uri(outside, "/docs/").ToString(), new Uri(inside, "/docs/").ToString() },
        }));

        var run = await harness.SyncAsync(connector);

        Assert.Equal(ConnectorRunStatus.Failed, run.Status);
        Assert.Contains("Refused to connect to 127.0.0.1", run.Error, StringComparison.Ordinal);
        Assert.Contains("/docs/start.html", site.Paths);
        Assert.DoesNotContain("/docs/index.html", site.Paths);
        Assert.Empty(await harness.DocumentsAsync());
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.20.0.1", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local (cloud metadata)")]
    [InlineData("100.64.0.1", "shared (carrier-grade NAT)")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00:ec2::254", "private (unique local)")]
    [InlineData("::ffff:10.0.0.1", "private")]
    public void The_guard_refuses_internal_addresses(string address, string kind)
    {
        Assert.Equal(kind, SsrfGuard.Classify(IPAddress.Parse(address)));
        Assert.NotNull(new SsrfGuard(false).RefusalFor(IPAddress.Parse(address)));
        Assert.Null(new SsrfGuard(true).RefusalFor(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void The_guard_lets_public_addresses_through(string address) =>
        Assert.Null(new SsrfGuard(false).RefusalFor(IPAddress.Parse(address)));

    [Fact]
    public void Creating_a_web_connector_for_a_loopback_literal_is_refused_naming_the_field()
    {
        var refusal = Assert.Throws<ConnectorSettingsException>(() =>
            ConnectorSettings.Parse(ConnectorKind.Web, """{"startUrls":["http://127.0.0.1:8080/"]}""", new ConnectorsOptions()));

        Assert.Equal("settings.startUrls", refusal.Field);
        Assert.Contains("loopback", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP://Example.COM:80/a/b.html#frag", "http://example.com/a/b.html")]
    [InlineData("https://example.com", "https://example.com/")]
    [InlineData("https://example.com:8443/x?q=1#top", "https://example.com:8443/x?q=1")]
    public void Addresses_are_normalised_so_a_page_is_one_document(string input, string expected) =>
        Assert.Equal(expected, WebAddresses.Normalize(new Uri(input)).ToString());

    [Fact]
    public void Robots_rules_pick_the_agents_group_and_the_longest_match()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /\n\nUser-agent: KnowledgeHub\nDisallow: /private/\nAllow: /private/open*.html$\nCrawl-delay: 2\n", "KnowledgeHub");

        Assert.True(rules.Allows(new Uri("http://x/docs/a.html")));
        Assert.False(rules.Allows(new Uri("http://x/private/a.html")));
        Assert.True(rules.Allows(new Uri("http://x/private/open-1.html")));
        Assert.False(rules.Allows(new Uri("http://x/private/open-1.html?x")));
        Assert.Equal(TimeSpan.FromSeconds(2), rules.CrawlDelay);
        Assert.False(RobotsRules.Parse("User-agent: *\nDisallow: /\n", "KnowledgeHub").Allows(new Uri("http://x/a")));
    }
}
