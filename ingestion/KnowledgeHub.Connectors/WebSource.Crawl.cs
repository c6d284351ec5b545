using System.Net;
using System.Text.Json;

namespace KnowledgeHub.Connectors;

public sealed partial class WebSource
{
    private sealed record Fetched(SourceItem Item, IReadOnlyList<string> Links);

    private sealed record PageState(string[] Links);

    /// <summary>The state of one run's crawl: robots per origin, the pause between requests.</summary>
    private sealed class Crawl(WebSource owner, HttpClient client, WebSettings settings, IReadOnlyDictionary<string, ConnectorItem> previous, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, RobotsRules> robots = new(StringComparer.Ordinal);
        private DateTimeOffset? lastRequest;

        public async Task<List<Uri>> SitemapPagesAsync()
        {
            var pages = new List<Uri>();
            var pending = new Queue<(Uri Url, int Level)>(settings.Sitemaps.Select(s => (s, 0)));
            var read = new HashSet<string>(StringComparer.Ordinal);
            while (pending.Count > 0)
            {
                var (url, level) = pending.Dequeue();
                if (!read.Add(url.ToString()) || level > 3)
                {
                    continue;
                }

                // A sitemap that cannot be read fails the run: its pages would otherwise be deleted as gone.
                using var response = await SendAsync(url, conditional: null)
                    ?? throw new HttpRequestException($"Sitemap {url} is outside the allowed prefixes after redirects.");
                if (!response.Response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"Sitemap {url} answered {(int)response.Response.StatusCode}.");
                }

                await using var body = await response.Response.Content.ReadAsStreamAsync(cancellationToken);
                var (found, nested) = SitemapReader.Read(body);
                pages.AddRange(found.Select(p => WebAddresses.Resolve(response.Url, p)).Where(p => p is not null && WebAddresses.IsAllowed(p, settings.AllowedPrefixes))!);
                foreach (var sitemap in nested.Select(n => WebAddresses.Resolve(response.Url, n)).Where(n => n is not null))
                {
                    pending.Enqueue((sitemap!, level + 1));
                }
            }

            return pages;
        }

        /// <summary>The page as an item with its links; null when it is not to be listed (disallowed, gone, not a document).</summary>
        public async Task<Fetched?> FetchAsync(Uri url, bool start)
        {
            Sent? sent;
            try
            {
                sent = await SendAsync(url, conditional: previous);
            }
            catch (Exception ex) when (!start && ex is SsrfRefusedException or HttpRequestException or TaskCanceledException { InnerException: TimeoutException })
            {
                var refused = ex as SsrfRefusedException ?? ex.InnerException as SsrfRefusedException;
                return new Fetched(new SourceItem(url.ToString(), "page", string.Empty) { Error = refused?.Message ?? ex.Message }, []);
            }
            catch (HttpRequestException ex) when (start && ex.InnerException is SsrfRefusedException refused)
            {
                throw new SsrfRefusedException($"Start URL {url}: {refused.Message}", ex);
            }

            if (sent is null)
            {
                return null;
            }

            using (sent)
            {
                var response = sent.Response;
                var uri = sent.Url.ToString();
                if (response.StatusCode == HttpStatusCode.NotModified && previous.TryGetValue(uri, out var before))
                {
                    return new Fetched(new SourceItem(uri, "page", before.Token) { Unchanged = true, State = before.State }, Links(before.State));
                }

                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
                {
                    ConnectorLog.CrawlSkipped(owner.logger, sent.Url, "gone");
                    return null;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return new Fetched(new SourceItem(uri, "page", string.Empty) { Error = $"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}." }, []);
                }

                var mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
                var fileName = FileNameFor(sent.Url, mediaType);
                if (fileName is null)
                {
                    ConnectorLog.CrawlSkipped(owner.logger, sent.Url, "no parser for " + (mediaType ?? "unknown type"));
                    return null;
                }

                byte[] bytes;
                try
                {
                    bytes = await ReadCappedAsync(response);
                }
                catch (Exception ex) when (ex is InvalidDataException or HttpRequestException or IOException)
                {
                    return new Fetched(new SourceItem(uri, "page", string.Empty) { Error = ex.Message }, []);
                }
                var links = new List<string>();
                if (HtmlTypes.Contains(mediaType))
                {
                    var (found, canonical) = ParseHtml(sent.Url, bytes);
                    links = found;
                    if (canonical is not null && canonical.ToString() != uri && WebAddresses.IsAllowed(canonical, settings.AllowedPrefixes))
                    {
                        uri = canonical.ToString();
                    }
                }

                var token = Token(response, bytes);
                var state = JsonSerializer.Serialize(new PageState([.. links]));
                return new Fetched(
                    new SourceItem(uri, fileName, token)
                    {
                        ContentType = mediaType,
                        State = state,
                        Open = _ => Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)),
                    },
                    links);
            }
        }

        private sealed class Sent(Uri url, HttpResponseMessage response) : IDisposable
        {
            public Uri Url { get; } = url;

            public HttpResponseMessage Response { get; } = response;

            public void Dispose() => Response.Dispose();
        }

        /// <summary>GET with redirects followed by hand; null when robots.txt disallows a hop or a hop leaves the allowed prefixes.</summary>
        private async Task<Sent?> SendAsync(Uri url, IReadOnlyDictionary<string, ConnectorItem>? conditional)
        {
            var current = url;
            for (var hop = 0; hop <= owner.options.Value.Web.MaxRedirects; hop++)
            {
                if (!(await RobotsAsync(current)).Allows(current))
                {
                    ConnectorLog.CrawlSkipped(owner.logger, current, "disallowed by robots.txt");
                    return null;
                }

                await PauseAsync(current);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                if (conditional is not null && conditional.TryGetValue(current.ToString(), out var before) && !string.IsNullOrEmpty(before.Token))
                {
                    AddConditions(request, before.Token);
                }

                var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if ((int)response.StatusCode is >= 300 and < 400 && response.StatusCode != HttpStatusCode.NotModified && response.Headers.Location is { } location)
                {
                    response.Dispose();
                    var next = WebAddresses.Resolve(current, location.OriginalString);
                    if (next is null || !WebAddresses.IsAllowed(next, settings.AllowedPrefixes))
                    {
                        ConnectorLog.CrawlSkipped(owner.logger, current, "redirects outside the allowed prefixes");
                        return null;
                    }

                    current = next;
                    continue;
                }

                return new Sent(current, response);
            }

            throw new HttpRequestException($"{url} redirects more than {owner.options.Value.Web.MaxRedirects} times.");
        }

        private async Task<RobotsRules> RobotsAsync(Uri url)
        {
            var origin = url.GetLeftPart(UriPartial.Authority);
            if (robots.TryGetValue(origin, out var rules))
            {
                return rules;
            }

            rules = RobotsRules.AllowAll;
            await PauseAsync(url);
            using (var response = await client.GetAsync(new Uri(origin + "/robots.txt"), cancellationToken))
            {
                // A missing robots.txt allows everything; one that cannot be read (5xx) allows nothing, as RFC 9309 says.
                if (response.IsSuccessStatusCode)
                {
                    rules = RobotsRules.Parse(await response.Content.ReadAsStringAsync(cancellationToken), owner.options.Value.Web.UserAgent);
                }
                else if ((int)response.StatusCode >= 500)
                {
                    rules = RobotsRules.Parse("User-agent: *\nDisallow: /", owner.options.Value.Web.UserAgent);
                }
            }

            robots[origin] = rules;
            return rules;
        }

        private async Task PauseAsync(Uri url)
        {
            var delay = owner.options.Value.Web.RequestDelay;
            if (robots.TryGetValue(url.GetLeftPart(UriPartial.Authority), out var rules) && rules.CrawlDelay is { } crawlDelay && crawlDelay > delay)
            {
                delay = crawlDelay;
            }

            var now = owner.timeProvider.GetUtcNow();
            if (lastRequest is { } last && now - last < delay)
            {
                await Task.Delay(delay - (now - last), owner.timeProvider, cancellationToken);
            }

            lastRequest = owner.timeProvider.GetUtcNow();
        }

        private async Task<byte[]> ReadCappedAsync(HttpResponseMessage response)
        {
            var max = owner.ingestion.Value.MaxUploadBytes;
            if (response.Content.Headers.ContentLength > max)
            {
                throw new InvalidDataException($"{response.RequestMessage?.RequestUri} is larger than {max} bytes.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    throw new InvalidDataException($"{response.RequestMessage?.RequestUri} is larger than {max} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }

        private string? FileNameFor(Uri url, string? mediaType)
        {
            var last = Uri.UnescapeDataString(url.AbsolutePath.TrimEnd('/').Split('/')[^1]);
            var stem = string.IsNullOrWhiteSpace(last) ? url.Host : last;
            var wanted = mediaType switch
            {
                "text/html" or "application/xhtml+xml" => ".html",
                "application/pdf" => ".pdf",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
                "text/markdown" => ".md",
                "text/plain" => ".txt",
                _ => null,
            };
            if (wanted is not null)
            {
                var extension = Path.GetExtension(stem);
                var keep = extension.Length > 0 && (wanted == ".html" ? extension is ".html" or ".htm" : extension.Equals(wanted, StringComparison.OrdinalIgnoreCase));
                return keep ? stem : stem + wanted;
            }

            return owner.parsers.IsSupported(stem) ? stem : null;
        }
    }
}
