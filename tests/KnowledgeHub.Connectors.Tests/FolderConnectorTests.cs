using System.Text.Json;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Connectors.Tests;

public sealed class FolderConnectorTests
{
    private static readonly string[] Pdfs =
    [
        "001-trivial_minimal-document.pdf",
        "002-trivial-libre-office-writer_002-trivial-libre-office-writer.pdf",
        "004-pdflatex-4-pages_pdflatex-4-pages.pdf",
        "011-google-doc-document_google-doc-document.pdf",
    ];

    private static string Settings(string path) => JsonSerializer.Serialize(new { path });

    [SharedDataFact]
    [Trait("Speed", "Slow")]
    public async Task A_resync_after_one_add_one_change_and_one_delete_counts_exactly_those_and_embeds_nothing_else()
    {
        using var temp = new TempFolder("kh-folder");
        var root = Directory.CreateDirectory(temp.File("share")).FullName;
        var source = Directory.CreateDirectory(Path.Combine(root, "handbook")).FullName;
        foreach (var pdf in Pdfs)
        {
            File.Copy(SharedData.PdfSample(pdf), Path.Combine(source, pdf));
        }

        Directory.CreateDirectory(Path.Combine(source, "notes"));
        File.WriteAllText(Path.Combine(source, "notes", "changing.md"), "# Pets\n\nThe zebracorn sleeps in the stable.\n");
        File.WriteAllText(Path.Combine(source, "notes", "leaving.md"), "# Leaving\n\nThe platypodium migrates south.\n");
        File.WriteAllText(Path.Combine(source, "notes", "ignored.bin"), "no parser reads this");
        await using var harness = new ConnectorHarness(temp, ("KnowledgeHub:Connectors:Folder:AllowedRoots:0", root));
        await harness.InitializeAsync();
        var connector = await harness.AddAsync(ConnectorKind.Folder, Settings(source));

        var first = await harness.SyncAsync(connector);

        Assert.Equal((ConnectorRunStatus.Completed, 6, 0, 0, 0, 0), (first.Status, first.Added, first.Updated, first.Deleted, first.Unchanged, first.Failed));
        var before = (await harness.DocumentsAsync()).ToDictionary(d => d.Id);
        Assert.Equal(6, before.Count);
        Assert.All(before.Values, d => Assert.Equal(DocumentStatus.Completed, d.Status));
        var leaving = Assert.Single(await harness.SearchAsync("platypodium"));

        File.WriteAllText(Path.Combine(source, "notes", "changing.md"), "# Pets\n\nThe quokkafish swims in the pond.\n");
        File.SetLastWriteTimeUtc(Path.Combine(source, "notes", "changing.md"), DateTime.UtcNow.AddMinutes(1));
        File.Delete(Path.Combine(source, "notes", "leaving.md"));
        File.WriteAllText(Path.Combine(source, "arriving.txt"), "The newtonium reactor hums quietly.");
        var callsBefore = harness.Encoder.Calls;

        var second = await harness.SyncAsync(connector);

        Assert.Equal((ConnectorRunStatus.Completed, 1, 1, 1, 4, 0), (second.Status, second.Added, second.Updated, second.Deleted, second.Unchanged, second.Failed));
        var after = (await harness.DocumentsAsync()).ToDictionary(d => d.Id);
        var changed = after.Values.Single(d => d.FileName == "notes › changing.md");
        var arrived = after.Values.Single(d => d.FileName == "arriving.txt");
        Assert.Equal(2, changed.Version);
        Assert.Equal(new[] { changed.Id, arrived.Id }.Order(StringComparer.Ordinal), harness.Ingested.Order(StringComparer.Ordinal));

        // Every embedding of the second run was made by the pipeline runs of the two new versions; the PDFs kept version 1.
        Assert.True(harness.EmbedCallsInPipeline > 0);
        Assert.Equal(harness.EmbedCallsInPipeline, harness.Encoder.Calls - callsBefore);
        Assert.All(after.Values.Where(d => d.Id != changed.Id && d.Id != arrived.Id), d => Assert.Equal((1, before[d.Id].UpdatedAt), (d.Version, d.UpdatedAt)));
        Assert.DoesNotContain(leaving, after.Keys);

        Assert.Equal([changed.Id], await harness.SearchAsync("quokkafish"));
        Assert.Empty(await harness.SearchAsync("zebracorn"));
        Assert.Equal([arrived.Id], await harness.SearchAsync("newtonium"));
        Assert.Empty(await harness.SearchAsync("platypodium"));

        var items = await harness.Store.ListItemsAsync(connector.Id);
        Assert.Equal(6, items.Count);
        Assert.Equal(new Uri(Path.Combine(source, "arriving.txt")).AbsoluteUri, (await harness.Store.FindItemByDocumentAsync(arrived.Id))!.Uri);
    }

    [Fact]
    public async Task A_touched_file_with_the_same_bytes_is_unchanged_and_not_reingested()
    {
        using var temp = new TempFolder("kh-folder");
        var root = Directory.CreateDirectory(temp.File("share")).FullName;
        File.WriteAllText(Path.Combine(root, "a.md"), "# A\n\nalpha text\n");
        await using var harness = new ConnectorHarness(temp, ("KnowledgeHub:Connectors:Folder:AllowedRoots:0", root));
        await harness.InitializeAsync();
        var connector = await harness.AddAsync(ConnectorKind.Folder, Settings(root));
        await harness.SyncAsync(connector);

        File.SetLastWriteTimeUtc(Path.Combine(root, "a.md"), DateTime.UtcNow.AddHours(1));
        var second = await harness.SyncAsync(connector);

        Assert.Equal((0, 0, 0, 1), (second.Added, second.Updated, second.Deleted, second.Unchanged));
        Assert.Empty(harness.Ingested);
        Assert.Equal(1, Assert.Single(await harness.DocumentsAsync()).Version);
    }

    [Fact]
    public async Task Include_and_exclude_patterns_choose_the_files()
    {
        using var temp = new TempFolder("kh-folder");
        var root = Directory.CreateDirectory(temp.File("share")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "drafts"));
        File.WriteAllText(Path.Combine(root, "keep.md"), "kept");
        File.WriteAllText(Path.Combine(root, "skip.txt"), "skipped");
        File.WriteAllText(Path.Combine(root, "drafts", "draft.md"), "draft");
        await using var harness = new ConnectorHarness(temp, ("KnowledgeHub:Connectors:Folder:AllowedRoots:0", root));
        await harness.InitializeAsync();
        var connector = await harness.AddAsync(ConnectorKind.Folder, JsonSerializer.Serialize(new { path = root, include = new[] { "**/*.md" }, exclude = new[] { "drafts/**" } }));

        var run = await harness.SyncAsync(connector);

        Assert.Equal(1, run.Added);
        Assert.Equal("keep.md", Assert.Single(await harness.DocumentsAsync()).FileName);
    }

    [Fact]
    public async Task A_folder_that_vanished_fails_the_run_and_deletes_nothing()
    {
        using var temp = new TempFolder("kh-folder");
        var root = Directory.CreateDirectory(temp.File("share")).FullName;
        var source = Directory.CreateDirectory(Path.Combine(root, "mounted")).FullName;
        File.WriteAllText(Path.Combine(source, "a.md"), "alpha");
        await using var harness = new ConnectorHarness(temp, ("KnowledgeHub:Connectors:Folder:AllowedRoots:0", root));
        await harness.InitializeAsync();
        var connector = await harness.AddAsync(ConnectorKind.Folder, Settings(source));
        await harness.SyncAsync(connector);

        Directory.Delete(source, recursive: true);
        var run = await harness.SyncAsync(connector);

        Assert.Equal(ConnectorRunStatus.Failed, run.Status);
        Assert.Contains("is not a folder on the server", run.Error, StringComparison.Ordinal);
        Assert.Single(await harness.DocumentsAsync());
        Assert.Single(await harness.Store.ListItemsAsync(connector.Id));
    }

    [Fact]
    public void A_folder_outside_the_allowed_roots_is_refused_with_the_reason()
    {
        using var temp = new TempFolder("kh-folder");
        var allowed = Directory.CreateDirectory(temp.File("allowed")).FullName;
        var outside = Directory.CreateDirectory(temp.File("outside")).FullName;

        var refusal = Assert.Throws<ConnectorSettingsException>(() => AllowedRoots.Check("settings.path", outside, [allowed]));

        Assert.Equal("settings.path", refusal.Field);
        Assert.Contains("outside the allowed roots", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_with_dot_dot_is_refused_even_when_it_ends_inside_a_root()
    {
        using var temp = new TempFolder("kh-folder");
        var allowed = Directory.CreateDirectory(temp.File("allowed")).FullName;
        Directory.CreateDirectory(Path.Combine(allowed, "a"));

        var refusal = Assert.Throws<ConnectorSettingsException>(() => AllowedRoots.Check("settings.path", allowed + "/a/../a", [allowed]));

        Assert.Contains("may not contain '..'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symlink_inside_a_root_that_leads_out_of_it_is_refused()
    {
        using var temp = new TempFolder("kh-folder");
        var allowed = Directory.CreateDirectory(temp.File("allowed")).FullName;
        var outside = Directory.CreateDirectory(temp.File("outside")).FullName;
        var link = Path.Combine(allowed, "escape");
        Directory.CreateSymbolicLink(link, outside);

        var refusal = Assert.Throws<ConnectorSettingsException>(() => AllowedRoots.Check("settings.path", link, [allowed]));

        Assert.Contains("through a link", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_allowed_roots_turns_folder_connectors_off()
    {
        using var temp = new TempFolder("kh-folder");

        var refusal = Assert.Throws<ConnectorSettingsException>(() => AllowedRoots.Check("settings.path", temp.Path, []));

        Assert.Contains("Folder connectors are off", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_link_leading_out_of_the_folder_is_not_listed_but_one_inside_is()
    {
        using var temp = new TempFolder("kh-folder");
        var root = Directory.CreateDirectory(temp.File("root")).FullName;
        var outside = Directory.CreateDirectory(temp.File("outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.md"), "secret");
        File.WriteAllText(Path.Combine(root, "real.md"), "real");
        File.CreateSymbolicLink(Path.Combine(root, "secret-link.md"), Path.Combine(outside, "secret.md"));
        File.CreateSymbolicLink(Path.Combine(root, "inner-link.md"), Path.Combine(root, "real.md"));
        Directory.CreateSymbolicLink(Path.Combine(root, "outside-dir"), outside);

        var listed = FolderSource.Walk(root).Select(f => f.Relative).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["inner-link.md", "real.md"], listed);
    }
}
