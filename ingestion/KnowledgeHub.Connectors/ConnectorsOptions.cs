using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Connectors;

/// <summary>KnowledgeHub:Connectors: what connectors may reach and how runs hold their lease.</summary>
public sealed class ConnectorsOptions
{
    public const string Section = "KnowledgeHub:Connectors";

    /// <summary>How long a run's holder may go silent before another process takes the run over; renewed every third of it.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Items whose unchanged marks are written together (one transaction per batch).</summary>
    [Range(1, 10_000)]
    public int UnchangedBatchSize { get; set; } = 500;

    public FolderConnectorOptions Folder { get; set; } = new();

    public WebConnectorOptions Web { get; set; } = new();

    public GitConnectorOptions Git { get; set; } = new();
}

public sealed class FolderConnectorOptions
{
    /// <summary>Folders (absolute paths) under which folder connectors and local Git repositories may point; empty turns them off.</summary>
    public List<string> AllowedRoots { get; set; } = [];

    /// <summary>
    /// With `"watch": true`, how long a watched folder must stay quiet after a change before its sync starts: a copy of
    /// many files becomes one run, not one per file.
    /// </summary>
    public TimeSpan WatchDebounce { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the server looks for folder connectors added, changed or removed by another process, to watch or stop watching them.</summary>
    public TimeSpan WatchRefresh { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class WebConnectorOptions
{
    /// <summary>Lets crawls reach loopback, private, link-local and metadata addresses (an intranet); off by default.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The pause between two requests of one crawl (politeness); robots.txt's Crawl-delay raises it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RequestDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The user agent sent, and matched against robots.txt groups.</summary>
    [Required]
    public string UserAgent { get; set; } = "KnowledgeHub";

    /// <summary>The largest maxPages a web connector may ask for.</summary>
    [Range(1, 1_000_000)]
    public int MaxPagesLimit { get; set; } = 10_000;

    [Range(1, 10)]
    public int MaxRedirects { get; set; } = 5;
}

public sealed class GitConnectorOptions
{
    /// <summary>Where clones of remote repositories are kept; the host sets it under its data folder.</summary>
    public string? CloneFolder { get; set; }
}
