using System.Text.Json;
using KnowledgeHub.TestSupport;
using LibGit2Sharp;

namespace KnowledgeHub.Connectors.Tests;

public sealed class GitConnectorTests
{
    private static readonly Signature Author = new("Test", "test@example.com", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static Commit CommitAll(Repository repository, string message)
    {
        Commands.Stage(repository, "*");
        return repository.Commit(message, Author, Author);
    }

    private static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    [Fact]
    public async Task Each_sync_reflects_the_new_head_after_adds_changes_renames_and_deletes()
    {
        using var temp = new TempFolder("kh-git");
        var roots = Directory.CreateDirectory(temp.File("repos")).FullName;
        var work = Path.Combine(roots, "handbook");
        Repository.Init(work);
        using var repository = new Repository(work);
        Write(work, "intro.md", "# Intro\n\nThe axolotl welcomes you.\n");
        Write(work, "guide/setup.md", "# Setup\n\nInstall the bonobo tool.\n");
        Write(work, "old.md", "# Old\n\nThe coelacanth is old.\n");
        Write(work, "image.bin", "not a document");
        var first = CommitAll(repository, "first");
        await using var harness = new ConnectorHarness(temp, ("KnowledgeHub:Connectors:Folder:AllowedRoots:0", roots));
        await harness.InitializeAsync();
        var connector = await harness.AddAsync(ConnectorKind.Git, JsonSerializer.Serialize(new { repository = work, branch = repository.Head.FriendlyName }));

        var run1 = await harness.SyncAsync(connector);

        Assert.Equal((ConnectorRunStatus.Completed, 3, 0, 0, 0, 0), (run1.Status, run1.Added, run1.Updated, run1.Deleted, run1.Unchanged, run1.Failed));
        Assert.Equal(["guide/setup.md", "intro.md", "old.md"], await PathsAsync(harness, connector, work));
        Assert.All((await harness.Store.ListItemsAsync(connector.Id)).Values, i => Assert.Equal(first.Sha, i.State));
        Assert.Contains(await harness.DocumentsAsync(), d => d.FileName == "guide › setup.md");

        Write(work, "intro.md", "# Intro\n\nThe axolotl and the dugong welcome you.\n");
        Commands.Move(repository, "guide/setup.md", "guide/install.md");
        Commands.Remove(repository, "old.md");
        Write(work, "new.md", "# New\n\nThe echidna is new.\n");
        var second = CommitAll(repository, "second");

        var run2 = await harness.SyncAsync(connector);

        // The rename is the old path deleted and the new one added.
        Assert.Equal((ConnectorRunStatus.Completed, 2, 1, 2, 0, 0), (run2.Status, run2.Added, run2.Updated, run2.Deleted, run2.Unchanged, run2.Failed));
        Assert.Equal(["guide/install.md", "intro.md", "new.md"], await PathsAsync(harness, connector, work));
        var items = await harness.Store.ListItemsAsync(connector.Id);
        Assert.Equal(second.Sha, items[work + "#intro.md"].State);
        Assert.Equal(3, (await harness.DocumentsAsync()).Count);
        Assert.Single(await harness.SearchAsync("dugong"));
        Assert.Empty(await harness.SearchAsync("coelacanth"));
        Assert.Single(await harness.SearchAsync("bonobo"));

        var run3 = await harness.SyncAsync(connector);

        Assert.Equal((0, 0, 0, 3), (run3.Added, run3.Updated, run3.Deleted, run3.Unchanged));
        Assert.Empty(harness.Ingested);
    }

    [Fact]
    public async Task A_local_repository_outside_the_allowed_roots_fails_the_run_with_the_reason()
    {
        using var temp = new TempFolder("kh-git");
        var roots = Directory.CreateDirectory(temp.File("allowed")).FullName;
        var elsewhere = temp.File("elsewhere");
        Repository.Init(elsewhere);
        await using var harness = new ConnectorHarness(temp, ("KnowledgeHub:Connectors:Folder:AllowedRoots:0", roots));
        await harness.InitializeAsync();
        var connector = await harness.AddAsync(ConnectorKind.Git, JsonSerializer.Serialize(new { repository = elsewhere }));

        var run = await harness.SyncAsync(connector);

        Assert.Equal(ConnectorRunStatus.Failed, run.Status);
        Assert.Contains("outside the allowed roots", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_url_repository_is_refused_since_it_would_bypass_the_allowed_roots()
    {
        var refusal = Assert.Throws<ConnectorSettingsException>(() =>
            ConnectorSettings.Parse(ConnectorKind.Git, """{"repository":"file:///etc"}""", new ConnectorsOptions()));

        Assert.Equal("settings.repository", refusal.Field);
    }

    private static async Task<List<string>> PathsAsync(ConnectorHarness harness, ConnectorRecord connector, string work) =>
        [.. (await harness.Store.ListItemsAsync(connector.Id)).Keys.Select(k => k[(work.Length + 1)..]).Order(StringComparer.Ordinal)];
}
