namespace KnowledgeHub.Connectors;

/// <summary>One page, one address: how crawled URLs are normalised and matched against the allowed prefixes.</summary>
public static class WebAddresses
{
    /// <summary>Scheme and host in lower case, default port dropped, an empty path as "/", the fragment removed.</summary>
    public static Uri Normalize(Uri uri)
    {
        var builder = new UriBuilder(uri)
        {
            Scheme = uri.Scheme.ToLowerInvariant(),
            Host = uri.Host.ToLowerInvariant(),
            Fragment = string.Empty,
        };
        if (uri.IsDefaultPort)
        {
            builder.Port = -1;
        }

        if (string.IsNullOrEmpty(builder.Path))
        {
            builder.Path = "/";
        }

        return builder.Uri;
    }

    /// <summary>The URL up to and including the last '/' of its path: a start URL's own folder.</summary>
    public static string FolderOf(Uri uri)
    {
        var text = Normalize(uri).GetLeftPart(UriPartial.Path);
        return text[..(text.LastIndexOf('/') + 1)];
    }

    public static bool IsAllowed(Uri uri, IReadOnlyList<string> prefixes)
    {
        var text = uri.ToString();
        return prefixes.Any(p => text.StartsWith(p, StringComparison.Ordinal));
    }

    /// <summary>A link as found in a page, resolved against the page; null when it is not http(s).</summary>
    public static Uri? Resolve(Uri page, string? href)
    {
        if (string.IsNullOrWhiteSpace(href) || !Uri.TryCreate(page, href.Trim(), out var target))
        {
            return null;
        }

        return target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps ? Normalize(target) : null;
    }
}
