using KnowledgeHub.Connectors;

namespace KnowledgeHub.Store.Tests;

/// <summary>The contract of <see cref="IConnectorStore"/>, run against every implementation with an empty, initialized database per test.</summary>
public abstract class ConnectorStoreCompliance : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private IConnectorStore? store;

    protected IConnectorStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected abstract Task<IConnectorStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public Task DisposeAsync() => store is null ? Task.CompletedTask : DisposeStoreAsync();

    private static ConnectorRecord Connector(string id, string tenant = "acme", string? schedule = null) => new()
    {
        Id = id,
        Tenant = tenant,
        Name = "name " + id,
        Kind = ConnectorKind.Web,
        Collection = "docs",
        Settings = """{"startUrls":["https://example.com/"]}""",
        Schedule = schedule,
        CreatedAt = Start,
    };

    private static ConnectorRun Run(string id, string connectorId, string tenant = "acme", int minutes = 0) => new()
    {
        Id = id,
        ConnectorId = connectorId,
        Tenant = tenant,
        StartedAt = Start.AddMinutes(minutes),
        LeaseUntil = Start.AddMinutes(minutes + 1),
    };

    [StoreFact]
    public async Task Add_then_get_returns_every_field_and_other_tenants_do_not_see_it()
    {
        await Store.AddAsync(Connector("c1", schedule: "0 * * * *"));

        var stored = await Store.GetAsync("acme", "c1");

        Assert.NotNull(stored);
        Assert.Equal(("c1", "acme", "name c1", ConnectorKind.Web, "docs", "0 * * * *", Start), (stored.Id, stored.Tenant, stored.Name, stored.Kind, stored.Collection, stored.Schedule, stored.CreatedAt));
        Assert.Contains("example.com", stored.Settings, StringComparison.Ordinal);
        Assert.Null(await Store.GetAsync("other", "c1"));
        Assert.Empty(await Store.ListAsync("other"));
        Assert.Single(await Store.ListAsync(null));
    }

    [StoreFact]
    public async Task A_second_start_while_a_run_is_running_returns_the_running_run()
    {
        await Store.AddAsync(Connector("c1"));

        var (first, created) = await Store.StartRunAsync(Run("r1", "c1"));
        var (second, createdAgain) = await Store.StartRunAsync(Run("r2", "c1", minutes: 1));

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal("r1", first.Id);
        Assert.Equal("r1", second.Id);
        Assert.Equal(ConnectorRunStatus.Running, second.Status);
    }

    [StoreFact]
    public async Task Concurrent_starts_create_exactly_one_run()
    {
        await Store.AddAsync(Connector("c1"));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Store.StartRunAsync(Run("r" + i, "c1"))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Run.Id).Distinct());
    }

    [StoreFact]
    public async Task The_lease_is_held_by_one_owner_until_it_lapses()
    {
        await Store.AddAsync(Connector("c1"));
        await Store.StartRunAsync(Run("r1", "c1") with { LeaseUntil = null });

        Assert.True(await Store.TryLeaseAsync("r1", "a", Start, Start.AddMinutes(1)));
        Assert.True(await Store.TryLeaseAsync("r1", "a", Start.AddSeconds(20), Start.AddMinutes(2)));
        Assert.False(await Store.TryLeaseAsync("r1", "b", Start.AddMinutes(1), Start.AddMinutes(3)));
        Assert.True(await Store.TryLeaseAsync("r1", "b", Start.AddMinutes(2).AddSeconds(1), Start.AddMinutes(4)));
        Assert.False(await Store.TryLeaseAsync("r1", "a", Start.AddMinutes(3), Start.AddMinutes(5)));
        Assert.Equal("b", (await Store.GetRunAsync("acme", "r1"))!.Owner);
    }

    [StoreFact]
    public async Task Only_the_holder_finishes_a_run_and_a_finished_run_frees_the_connector()
    {
        await Store.AddAsync(Connector("c1"));
        await Store.StartRunAsync(Run("r1", "c1"));
        await Store.TryLeaseAsync("r1", "a", Start, Start.AddMinutes(1));

        Assert.False(await Store.FinishRunAsync("r1", "b", ConnectorRunStatus.Completed, null, Start.AddMinutes(1)));
        Assert.True(await Store.FinishRunAsync("r1", "a", ConnectorRunStatus.Failed, "gone", Start.AddMinutes(1)));
        var finished = await Store.GetRunAsync("acme", "r1");
        Assert.Equal((ConnectorRunStatus.Failed, "gone", Start.AddMinutes(1)), (finished!.Status, finished.Error, finished.FinishedAt));
        Assert.False(await Store.TryLeaseAsync("r1", "a", Start, Start.AddMinutes(1)));
        Assert.Empty(await Store.ListRunningAsync());

        var (next, created) = await Store.StartRunAsync(Run("r2", "c1", minutes: 2));
        Assert.True(created);
        Assert.Equal(["r2", "r1"], (await Store.ListRunsAsync("acme", "c1", 10)).Select(r => r.Id));
    }

    [StoreFact]
    public async Task Items_and_their_counts_are_recorded_together()
    {
        await Store.AddAsync(Connector("c1"));
        await Store.StartRunAsync(Run("r1", "c1"));

        await Store.RecordAsync("r1", new ConnectorItem("c1", "u1", "t1", "d1", "s1", "r1"), ItemOutcome.Added, null);
        await Store.RecordAsync("r1", new ConnectorItem("c1", "u1", "t2", "d1", "s2", "r1"), ItemOutcome.Updated, null);
        await Store.RecordAsync("r1", new ConnectorItem("c1", "u2", "t1", "d2", null, "r1"), ItemOutcome.Added, null);
        await Store.RecordAsync("r1", null, ItemOutcome.Failed, new ConnectorItemError("r1", "u3", "broken", Start));

        var items = await Store.ListItemsAsync("c1");
        Assert.Equal(new ConnectorItem("c1", "u1", "t2", "d1", "s2", "r1"), items["u1"]);
        Assert.Null(items["u2"].State);
        Assert.Equal(2, items.Count);
        var run = await Store.GetRunAsync("acme", "r1");
        Assert.Equal((2, 1, 0, 0, 1), (run!.Added, run.Updated, run.Deleted, run.Unchanged, run.Failed));
        var error = Assert.Single(await Store.ListErrorsAsync("r1", 10));
        Assert.Equal(("u3", "broken", Start), (error.Uri, error.Error, error.At));
        Assert.Equal("d1", (await Store.FindItemByDocumentAsync("d1"))!.DocumentId);
        Assert.Equal(1, await Store.CountItemsForDocumentAsync("d2"));
    }

    [StoreFact]
    public async Task Marking_unchanged_counts_each_item_once_per_run()
    {
        await Store.AddAsync(Connector("c1"));
        await Store.StartRunAsync(Run("r1", "c1"));
        await Store.RecordAsync("r1", new ConnectorItem("c1", "u1", "t", "d1", null, "r0"), ItemOutcome.Unchanged, null);
        await Store.RecordAsync("r1", new ConnectorItem("c1", "u2", "t", "d2", null, "r0"), ItemOutcome.Unchanged, null);
        await Store.RecordAsync("r1", new ConnectorItem("c1", "u3", "t", "d3", null, "r0"), ItemOutcome.Unchanged, null);

        await Store.MarkUnchangedAsync("r1", "c1", ["u1", "u2"]);
        await Store.MarkUnchangedAsync("r1", "c1", ["u2", "u3", "missing"]);

        var run = await Store.GetRunAsync("acme", "r1");
        Assert.Equal(3 + 3, run!.Unchanged);
        Assert.All((await Store.ListItemsAsync("c1")).Values, i => Assert.Equal("r1", i.SeenRunId));
    }

    [StoreFact]
    public async Task Removing_an_item_counts_a_delete_once()
    {
        await Store.AddAsync(Connector("c1"));
        await Store.StartRunAsync(Run("r1", "c1"));
        await Store.RecordAsync("r1", new ConnectorItem("c1", "u1", "t", "d1", null, "r0"), ItemOutcome.Added, null);

        await Store.RemoveItemAsync("r1", "c1", "u1");
        await Store.RemoveItemAsync("r1", "c1", "u1");

        Assert.Empty(await Store.ListItemsAsync("c1"));
        Assert.Equal(1, (await Store.GetRunAsync("acme", "r1"))!.Deleted);
    }

    [StoreFact]
    public async Task Stored_item_errors_are_bounded_per_run()
    {
        await Store.AddAsync(Connector("c1"));
        await Store.StartRunAsync(Run("r1", "c1"));

        for (var i = 0; i < 205; i++)
        {
            await Store.RecordAsync("r1", null, ItemOutcome.Failed, new ConnectorItemError("r1", "u" + i, "e", Start));
        }

        Assert.Equal(200, (await Store.ListErrorsAsync("r1", 1000)).Count);
        Assert.Equal(205, (await Store.GetRunAsync("acme", "r1"))!.Failed);
    }

    [StoreFact]
    public async Task Deleting_a_connector_removes_its_runs_items_and_errors_only_in_its_tenant()
    {
        await Store.AddAsync(Connector("c1"));
        await Store.StartRunAsync(Run("r1", "c1"));
        await Store.RecordAsync("r1", new ConnectorItem("c1", "u1", "t", "d1", null, "r1"), ItemOutcome.Failed, new ConnectorItemError("r1", "u1", "e", Start));

        Assert.False(await Store.DeleteAsync("other", "c1"));
        Assert.True(await Store.DeleteAsync("acme", "c1"));

        Assert.Null(await Store.GetAsync("acme", "c1"));
        Assert.Null(await Store.GetRunAsync("acme", "r1"));
        Assert.Empty(await Store.ListItemsAsync("c1"));
        Assert.Empty(await Store.ListErrorsAsync("r1", 10));
        Assert.Empty(await Store.ListRunningAsync());
    }
}
