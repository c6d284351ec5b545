using System.Globalization;
using KnowledgeHub.Bench;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.TestSupport;
using Xunit.Abstractions;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// The `bench load` code against the real server on loopback: 50 concurrent clients asking for a bounded time must
/// all get answers. The duration is KNOWLEDGEHUB_LOAD_SECONDS (default 20); nothing here asserts a time.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Clients = 50;

    [SharedDataFact]
    public async Task Fifty_concurrent_clients_asking_get_no_errors()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("KNOWLEDGEHUB_LOAD_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 20;
        await using var server = await KnowledgeHubServer.StartAsync([.. BenchLoadCommand.UnthrottledServer]);
        var corpus = LoadCorpus.From(BeirDataset.Load(SharedData.PathTo("datasets", "scifact")), documents: 60);
        using var client = BenchLoadCommand.CreateClient(server.Client.BaseAddress!.ToString(), KnowledgeHubServer.AdminKey, Clients);
        var failed = await corpus.IngestAsync(client, "load", TimeProvider.System, TimeSpan.FromMinutes(15));
        Assert.Equal(0, failed);

        var report = await LoadRun.RunAsync(client, corpus.Questions, Clients, TimeSpan.FromSeconds(seconds), "load", stream: false);
        output.WriteLine(report.ToString());

        Assert.True(report.Errors == 0, $"{report.Errors} of {report.Requests} requests failed: {string.Join(" | ", report.ErrorSamples)}");
        Assert.True(report.Requests >= Clients, $"Only {report.Requests} requests completed for {Clients} clients: {report}");
    }
}
