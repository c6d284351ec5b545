using KnowledgeHub.Connectors;

namespace KnowledgeHub.Web.Hosting;

/// <summary>One watched folder: file-system events re-arm a quiet-period timer, and the timer starts the sync.</summary>
internal sealed class FolderWatch : IDisposable
{
    private readonly FileSystemWatcher watcher;
    private readonly ITimer timer;
    private readonly TimeSpan debounce;

    public FolderWatch(ConnectorRecord connector, string path, TimeSpan debounce, TimeProvider timeProvider, Func<FolderWatch, Task> onQuiet)
    {
        Connector = connector;
        Path = path;
        this.debounce = debounce;
        timer = timeProvider.CreateTimer(_ => _ = onQuiet(this), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        watcher = new FileSystemWatcher(path)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, _) => Poke();
        watcher.Changed += (_, _) => Poke();
        watcher.Deleted += (_, _) => Poke();
        watcher.Renamed += (_, _) => Poke();

        // An overflowed event buffer lost changes we cannot name; a sync finds them all the same.
        watcher.Error += (_, _) => Poke();
        watcher.EnableRaisingEvents = true;
    }

    public ConnectorRecord Connector { get; }

    public string Path { get; }

    /// <summary>Something changed (or must be looked at again): sync once the folder has been quiet for the debounce.</summary>
    public void Poke() => timer.Change(debounce, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        watcher.Dispose();
        timer.Dispose();
    }
}
