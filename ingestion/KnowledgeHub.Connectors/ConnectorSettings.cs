using System.Text.Json;

namespace KnowledgeHub.Connectors;

/// <summary>Reads and checks a connector's settings object for its kind; every refusal names the field.</summary>
public static class ConnectorSettings
{
    public static object Parse(ConnectorKind kind, string json, ConnectorsOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        }
        catch (JsonException ex)
        {
            throw new ConnectorSettingsException("settings", $"'settings' is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConnectorSettingsException("settings", "'settings' must be an object.");
            }

            return kind switch
            {
                ConnectorKind.Folder => Folder(document.RootElement, options),
                ConnectorKind.Web => Web(document.RootElement, options),
                ConnectorKind.Git => Git(document.RootElement, options),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
        }
    }

    public static FolderSettings Folder(string json, ConnectorsOptions options) => (FolderSettings)Parse(ConnectorKind.Folder, json, options);

    /// <param name="checkAddresses">
    /// False at run time: the crawl's SSRF guard then judges every connection (literal addresses too), after DNS and
    /// after each redirect; the early check only lets the API refuse an address literal with a 400.
    /// </param>
    public static WebSettings Web(string json, ConnectorsOptions options, bool checkAddresses = true)
    {
        if (checkAddresses)
        {
            return (WebSettings)Parse(ConnectorKind.Web, json, options);
        }

        var relaxed = new ConnectorsOptions
        {
            Folder = options.Folder,
            Git = options.Git,
            Web = new WebConnectorOptions { AllowPrivateNetworks = true, MaxPagesLimit = options.Web.MaxPagesLimit },
        };
        return (WebSettings)Parse(ConnectorKind.Web, json, relaxed);
    }

    public static GitSettings Git(string json, ConnectorsOptions options) => (GitSettings)Parse(ConnectorKind.Git, json, options);

    /// <summary>Checks a cron expression (five fields, or six with seconds); null or empty means no schedule.</summary>
    public static string? Schedule(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return null;
        }

        var trimmed = cron.Trim();
        try
        {
            var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            Cronos.CronExpression.Parse(trimmed, fields == 6 ? Cronos.CronFormat.IncludeSeconds : Cronos.CronFormat.Standard);
            return trimmed;
        }
        catch (Cronos.CronFormatException ex)
        {
            throw new ConnectorSettingsException("schedule", $"'schedule' is not a cron expression: {ex.Message}");
        }
    }

    private static FolderSettings Folder(JsonElement settings, ConnectorsOptions options)
    {
        var path = AllowedRoots.Check("settings.path", String(settings, "path"), options.Folder.AllowedRoots);
        return new FolderSettings(path, Globs(settings, "include"), Globs(settings, "exclude"), Bool(settings, "watch"));
    }

    private static WebSettings Web(JsonElement settings, ConnectorsOptions options)
    {
        var starts = Urls(settings, "startUrls", options);
        var sitemaps = Urls(settings, "sitemaps", options);
        if (starts.Count == 0 && sitemaps.Count == 0)
        {
            throw new ConnectorSettingsException("settings.startUrls", "Give at least one of 'settings.startUrls' and 'settings.sitemaps'.");
        }

        var prefixes = Strings(settings, "allowedPrefixes");
        foreach (var prefix in prefixes)
        {
            if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ConnectorSettingsException("settings.allowedPrefixes", $"'{prefix}' is not an absolute http(s) URL prefix.");
            }
        }

        // Without prefixes a crawl stays under the folder of each start URL and sitemap.
        var allowed = prefixes.Count > 0
            ? prefixes.Select(p => WebAddresses.Normalize(new Uri(p)).ToString()).ToList()
            : starts.Concat(sitemaps).Select(WebAddresses.FolderOf).Distinct(StringComparer.Ordinal).ToList();
        var maxPages = Int(settings, "maxPages", WebSettings.DefaultMaxPages, 1, options.Web.MaxPagesLimit);
        var maxDepth = Int(settings, "maxDepth", WebSettings.DefaultMaxDepth, 0, WebSettings.MaxDepthLimit);
        return new WebSettings(starts, sitemaps, allowed, maxPages, maxDepth);
    }

    private static GitSettings Git(JsonElement settings, ConnectorsOptions options)
    {
        var repository = String(settings, "repository");
        if (string.IsNullOrWhiteSpace(repository))
        {
            throw new ConnectorSettingsException("settings.repository", "'settings.repository' is required: a repository URL or a local path.");
        }

        var branch = String(settings, "branch");
        if (branch is not null && (branch.Length == 0 || branch.Contains("..", StringComparison.Ordinal) || branch.Any(char.IsWhiteSpace)))
        {
            throw new ConnectorSettingsException("settings.branch", $"'{branch}' is not a branch name.");
        }

        var git = new GitSettings(repository.Trim(), branch, Globs(settings, "include"), Globs(settings, "exclude"));
        if (git.IsLocal)
        {
            git = git with { Repository = AllowedRoots.Check("settings.repository", git.Repository, options.Folder.AllowedRoots) };
        }
        else if (!Uri.TryCreate(git.Repository, UriKind.Absolute, out var uri) && !git.Repository.StartsWith("git@", StringComparison.Ordinal))
        {
            throw new ConnectorSettingsException("settings.repository", $"'{git.Repository}' is neither a URL nor a local path.");
        }
        else if (uri is not null && uri.Scheme is not ("https" or "http" or "ssh" or "git"))
        {
            // file:// would bypass the allowed roots.
            throw new ConnectorSettingsException("settings.repository", $"'{uri.Scheme}' repositories are not supported; use https, ssh, git or a local path under the allowed roots.");
        }

        return git;
    }

    private static List<Uri> Urls(JsonElement settings, string name, ConnectorsOptions options)
    {
        var urls = new List<Uri>();
        foreach (var text in Strings(settings, name))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ConnectorSettingsException($"settings.{name}", $"'{text}' is not an absolute http(s) URL.");
            }

            if (!options.Web.AllowPrivateNetworks && SsrfGuard.RefusalForHost(uri) is { } refusal)
            {
                throw new ConnectorSettingsException($"settings.{name}", refusal);
            }

            urls.Add(WebAddresses.Normalize(uri));
        }

        return urls;
    }

    private static string? String(JsonElement settings, string name) =>
        settings.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ConnectorSettingsException($"settings.{name}", $"'settings.{name}' must be a string.")
            : null;

    private static bool Bool(JsonElement settings, string name) =>
        settings.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
        && (value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw new ConnectorSettingsException($"settings.{name}", $"'settings.{name}' must be true or false."));

    private static int Int(JsonElement settings, string name, int fallback, int min, int max)
    {
        if (!settings.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            throw new ConnectorSettingsException($"settings.{name}", $"'settings.{name}' must be a whole number from {min} to {max}.");
        }

        return number;
    }

    private static List<string> Strings(JsonElement settings, string name)
    {
        if (!settings.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString())))
        {
            throw new ConnectorSettingsException($"settings.{name}", $"'settings.{name}' must be a list of non-empty strings.");
        }

        return [.. value.EnumerateArray().Select(e => e.GetString()!.Trim())];
    }

    private static List<string> Globs(JsonElement settings, string name)
    {
        var globs = Strings(settings, name);
        if (globs.FirstOrDefault(g => g.Split('/', '\\').Contains("..", StringComparer.Ordinal)) is { } bad)
        {
            throw new ConnectorSettingsException($"settings.{name}", $"'{bad}' may not contain '..'.");
        }

        return globs;
    }
}
