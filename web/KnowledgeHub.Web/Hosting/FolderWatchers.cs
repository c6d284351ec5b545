using System.Collections.Concurrent;
using KnowledgeHub.Connectors;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// Live watching for folder connectors with `"watch": true`: a change under the folder starts a sync once the folder has
/// been quiet for <see cref="FolderConnectorOptions.WatchDebounce"/>, in addition to the schedule. The sync itself
/// decides what changed (size and modification time), so a missed or doubled event costs at most one cheap run; a run
/// already going when a change arrives may have listed the folder before it, so the watcher asks again until it gets
/// a run of its own.
/// </summary>
public sealed class FolderWatchers(
    IConnectorStore store,
    ConnectorSync sync,
    ConnectorScheduler scheduler,
    IOptions<ConnectorsOptions> options,
    TimeProvider timeProvider,
    ILogger<FolderWatchers> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, FolderWatch> watches = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim changed = new(0);

    /// <summary>Connectors were added or removed in this process: look again now rather than at the next refresh.</summary>
    public void Refresh()
    {
        if (changed.CurrentCount == 0)
        {
            changed.Release();
        }
    }

    /// <summary>The connectors being watched now, for the health report and tests.</summary>
    public IReadOnlyCollection<string> Watched => watches.Keys.ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await ReconcileAsync(stoppingToken);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(options.Value.Folder.WatchRefresh, timeProvider, wait.Token);
                await Task.WhenAny(delay, changed.WaitAsync(wait.Token));
                await wait.CancelAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var watch in watches.Values)
            {
                watch.Dispose();
            }

            watches.Clear();
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ConnectorRecord> connectors;
        try
        {
            connectors = await store.ListAsync(null, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            WebConnectorLog.WatchListFailed(logger, ex);
            return;
        }

        var wanted = new Dictionary<string, (ConnectorRecord Connector, string Path)>(StringComparer.Ordinal);
        foreach (var connector in connectors.Where(c => c.Kind == ConnectorKind.Folder))
        {
            try
            {
                var settings = ConnectorSettings.Folder(connector.Settings, options.Value);
                if (settings.Watch)
                {
                    wanted[connector.Id] = (connector, settings.Path);
                }
            }
            catch (ConnectorSettingsException ex)
            {
                // The allowed roots changed since the connector was made; its runs fail with the same reason.
                WebConnectorLog.WatchRefused(logger, connector.Id, ex.Message);
            }
        }

        foreach (var (id, watch) in watches)
        {
            if (!wanted.TryGetValue(id, out var want) || !string.Equals(want.Path, watch.Path, StringComparison.Ordinal))
            {
                watches.TryRemove(id, out _);
                watch.Dispose();
                WebConnectorLog.WatchStopped(logger, id);
            }
        }

        foreach (var (id, (connector, path)) in wanted)
        {
            if (watches.ContainsKey(id))
            {
                continue;
            }

            try
            {
                watches[id] = new FolderWatch(connector, path, options.Value.Folder.WatchDebounce, timeProvider, StartSyncAsync);
                WebConnectorLog.WatchStarted(logger, id, path);
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                // A vanished share or an exhausted inotify limit: the schedule still syncs; the next refresh tries again.
                WebConnectorLog.WatchFailed(logger, id, path, ex.Message);
            }
        }
    }

    private async Task StartSyncAsync(FolderWatch watch)
    {
        try
        {
            if (await store.GetAsync(watch.Connector.Tenant, watch.Connector.Id, CancellationToken.None) is not { } connector)
            {
                Refresh();
                return;
            }

            var (run, created) = await sync.RequestAsync(connector);
            if (created)
            {
                scheduler.Enqueue(connector.Tenant, run.Id);
                WebConnectorLog.WatchSyncStarted(logger, connector.Id, run.Id);
            }
            else
            {
                watch.Poke();
            }
        }
        catch (Exception ex)
        {
            WebConnectorLog.WatchSyncFailed(logger, watch.Connector.Id, ex);
            watch.Poke();
        }
    }

    public override void Dispose()
    {
        changed.Dispose();
        base.Dispose();
    }
}
