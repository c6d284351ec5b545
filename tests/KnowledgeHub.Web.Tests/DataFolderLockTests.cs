using System.Text;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;
using Xunit.Abstractions;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// One process per data folder: a second `serve` or any command-line verb on a folder that a running host holds stops
/// at start with one line naming the folder and the holder's process id, before it touches the queue, and the first
/// host carries on as if nothing happened.
/// </summary>
public sealed class DataFolderLockTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private readonly List<HostProcess> hosts = [];
    private readonly string dataPath = KnowledgeHubServer.NewDataPath();

    [Fact]
    public async Task A_second_serve_and_a_cli_verb_on_a_held_folder_exit_non_zero_naming_the_folder_and_holder_and_the_first_host_finishes_its_document()
    {
        try
        {
            var first = Track(HostProcess.Start(dataPath, "first"));
            await first.WaitUntilAnsweringAsync();
            var uploaded = await first.UploadAsync("seals.txt", Encoding.UTF8.GetBytes(string.Join(' ', Enumerable.Repeat("The pump seal lasts two years under normal load.", 400))));
            var id = uploaded.GetProperty("id").GetString()!;

            var second = Track(HostProcess.Start(dataPath, "second"));
            var ask = Track(HostProcess.StartVerb(dataPath, "ask", "ask", "How long does the seal last?"));

            var expected = $"The data folder '{Path.GetFullPath(dataPath)}' is in use by another KnowledgeHub process (process id {first.Pid}).";
            Assert.Equal(ExitCodes.DataFolderInUse, second.WaitForExit(Limit));
            Assert.Contains(expected, second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Re-queued", second.Output, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.DataFolderInUse, ask.WaitForExit(Limit));
            Assert.Contains(expected, ask.Output, StringComparison.Ordinal);

            var documents = await first.WaitForDocumentsAsync(d => d.All(x => x.GetProperty("status").GetString() is "completed" or "failed"), Limit, TimeSpan.FromMilliseconds(250));
            var document = Assert.Single(documents);
            Assert.Equal((id, "completed", 1), (document.GetProperty("id").GetString(), document.GetProperty("status").GetString(), document.GetProperty("attempts").GetInt32()));
        }
        catch
        {
            foreach (var host in hosts)
            {
                output.WriteLine(host.Output);
            }

            throw;
        }
    }

    [Fact]
    public async Task A_command_line_host_in_the_same_process_is_refused_while_a_server_holds_the_folder_and_allowed_after()
    {
        var folder = KnowledgeHubServer.NewDataPath();
        await using (var server = await KnowledgeHubServer.StartInAsync(folder))
        {
            var refused = Assert.Throws<DataFolderInUseException>(() => KnowledgeHubApp.CreateTool([$"--KnowledgeHub:DataPath={folder}"]));
            Assert.Equal((Path.GetFullPath(folder), Environment.ProcessId), (refused.Folder, refused.HolderProcessId));
        }

        // The server released the folder when it stopped (its disposal deleted it; a tool may create it again).
        await using var tool = KnowledgeHubApp.CreateTool([$"--KnowledgeHub:DataPath={folder}"]);
        Directory.Delete(folder, recursive: true);
    }

    public void Dispose()
    {
        foreach (var host in hosts)
        {
            host.Dispose();
        }

        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private HostProcess Track(HostProcess host)
    {
        hosts.Add(host);
        return host;
    }
}
