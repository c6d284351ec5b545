using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Web.Tests;

/// <summary>The `sync` verb: one run of a connector in the foreground, ingesting in place, with its counts printed and its exit code.</summary>
public sealed class SyncCommandTests : IDisposable
{
    private readonly string dataPath = KnowledgeHubServer.NewDataPath();
    private readonly string share = Directory.CreateTempSubdirectory("kh-sync-verb-").FullName;

    [Fact]
    public async Task The_sync_verb_runs_a_connector_to_completion_and_a_second_run_finds_everything_unchanged()
    {
        File.WriteAllText(Path.Combine(share, "a.md"), "# A\n\nThe ocelot note.\n");
        File.WriteAllText(Path.Combine(share, "b.txt"), "The margay note.");
        var root = $"--KnowledgeHub:Connectors:Folder:AllowedRoots:0={share}";
        string id;
        using (var host = HostProcess.Start(dataPath, "server", root))
        {
            await host.WaitUntilAnsweringAsync();
            using var created = await host.Client.PostAsJsonAsync("/api/connectors", new { name = "share", kind = "folder", settings = new { path = share } }, KnowledgeHubServer.Json);
            id = (await created.Content.ReadFromJsonAsync<JsonElement>(KnowledgeHubServer.Json)).GetProperty("id").GetString()!;
            host.Stop();
        }

        using var first = HostProcess.StartVerb(dataPath, "sync 1", "sync", id, root);
        Assert.True(first.WaitForExit(TimeSpan.FromMinutes(5)) == 0, first.Output);
        Assert.Contains("completed - 2 added, 0 updated, 0 deleted, 0 unchanged, 0 failed", Joined(first), StringComparison.Ordinal);

        using var second = HostProcess.StartVerb(dataPath, "sync 2", "sync", id, root);
        Assert.True(second.WaitForExit(TimeSpan.FromMinutes(5)) == 0, second.Output);
        Assert.Contains("completed - 0 added, 0 updated, 0 deleted, 2 unchanged, 0 failed", Joined(second), StringComparison.Ordinal);

        using var unknown = HostProcess.StartVerb(dataPath, "sync unknown", "sync", "con_nope", root);
        Assert.Equal(1, unknown.WaitForExit(TimeSpan.FromMinutes(5)));
        Assert.Contains("No connector 'con_nope'", unknown.Output, StringComparison.Ordinal);
    }

    // The console wraps long lines at its width; the labels HostProcess adds go with the line breaks.
    private static string Joined(HostProcess verb) =>
        System.Text.RegularExpressions.Regex.Replace(verb.Output, @"\s*\n\[[^\]]*\]\s*", " ");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in new[] { dataPath, share })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp folder must not fail the test.
            }
        }
    }
}
