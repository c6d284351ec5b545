using System.Text.Json;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Connectors.Tests;

public sealed class RunTakeoverTests
{
    [Fact]
    public async Task A_run_stopped_midway_continues_without_repeating_an_item_or_a_count()
    {
        using var temp = new TempFolder("kh-takeover");
        var root = Directory.CreateDirectory(temp.File("share")).FullName;
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(Path.Combine(root, $"note-{i:D2}.md"), $"# Note {i}\n\nNote number {i} about item{i}x.\n");
        }

        await using var harness = new ConnectorHarness(temp, ("KnowledgeHub:Connectors:Folder:AllowedRoots:0", root));
        await harness.InitializeAsync();
        var connector = await harness.AddAsync(ConnectorKind.Folder, JsonSerializer.Serialize(new { path = root }));
        var (run, _) = await harness.Get<ConnectorSync>().RequestAsync(connector);
        using var stop = new CancellationTokenSource();

        // The process "dies" after 8 items: nothing after that is recorded, and the run stays running.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.ContinueAsync(run.Id, (_, counts) =>
        {
            if (counts.Total == 8)
            {
                stop.Cancel();
            }
        }, stop.Token));
        var stopped = await harness.Store.GetRunAsync(ConnectorHarness.Tenant, run.Id);
        Assert.Equal(ConnectorRunStatus.Running, stopped!.Status);
        Assert.InRange(stopped.Added, 8, 9);

        var finished = await harness.ContinueAsync(run.Id);

        Assert.Equal((ConnectorRunStatus.Completed, 20, 0, 0, 0), (finished.Status, finished.Added, finished.Updated, finished.Deleted, finished.Unchanged));
        Assert.Equal(20 - stopped.Added, harness.Ingested.Count);
        var documents = await harness.DocumentsAsync();
        Assert.Equal(20, documents.Count);
        Assert.All(documents, d => Assert.Equal(1, d.Version));
    }

    [Fact]
    public async Task A_run_held_by_a_live_owner_is_left_to_it()
    {
        using var temp = new TempFolder("kh-takeover");
        var root = Directory.CreateDirectory(temp.File("share")).FullName;
        await using var harness = new ConnectorHarness(temp, ("KnowledgeHub:Connectors:Folder:AllowedRoots:0", root));
        await harness.InitializeAsync();
        var connector = await harness.AddAsync(ConnectorKind.Folder, JsonSerializer.Serialize(new { path = root }));
        var (run, _) = await harness.Get<ConnectorSync>().RequestAsync(connector);
        var now = TimeProvider.System.GetUtcNow();
        Assert.True(await harness.Store.TryLeaseAsync(run.Id, "another-process", now, now.AddMinutes(5)));

        var result = await harness.Get<ConnectorSync>().RunAsync(ConnectorHarness.Tenant, run.Id);

        Assert.Null(result);
        Assert.Equal("another-process", (await harness.Store.GetRunAsync(ConnectorHarness.Tenant, run.Id))!.Owner);
    }
}
