using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hangfire;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench workers <BEIR folder> --workers N`: ingestion throughput with N `worker` processes sharing PostgreSQL jobs.
/// This process plays the serving host without HTTP (it enqueues, owns the embedded index and indexes what the workers
/// store); the clock runs from the first upload until every document is completed, that is, searchable.
/// </summary>
public static class BenchWorkersCommand
{
    private const string Usage =
        "Usage: bench workers <BEIR folder> [--workers N] [--limit N] [--collection name] --KnowledgeHub:Store:Provider=postgres "
        + "--KnowledgeHub:Jobs:Provider=postgres --ConnectionStrings:Postgres=... [--KnowledgeHub:DataPath=folder] (a fresh database and folder per run)";

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "workers", "limit", "collection" }, new HashSet<string>());
        if (parsed.Positionals.Count != 1)
        {
            throw new ArgumentException(Usage);
        }

        var workerCount = parsed.Value("workers") is { } w ? int.Parse(w, CultureInfo.InvariantCulture) : 1;
        var limit = parsed.Value("limit") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : 1000;
        var collection = parsed.Value("collection") ?? "bench";
        var corpus = BeirDataset.Load(parsed.Positionals[0]).Corpus.Take(limit).ToList();
        string[] configuration = [.. parsed.Configuration];

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = configuration, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (!JobsOptions.From(builder.Configuration).IsPostgres)
        {
            throw new ArgumentException(Usage);
        }

        builder.Services.AddKnowledgeHub(builder.Configuration);
        builder.Services.AddIngestionWorkers(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        var workers = new List<Process>();
        try
        {
            for (var i = 0; i < workerCount; i++)
            {
                workers.Add(StartWorker(configuration));
            }

            await WaitForServersAsync(host.Services.GetRequiredService<JobStorage>(), workerCount, workers);
            var tenant = host.Services.Settings<KnowledgeHubOptions>().DefaultTenant;
            var documents = host.Services.GetRequiredService<DocumentService>();
            var store = host.Services.GetRequiredService<IDocumentStore>();

            var clock = Stopwatch.StartNew();
            foreach (var doc in corpus)
            {
                using var body = new MemoryStream(Encoding.UTF8.GetBytes(doc.FullText));
                await documents.UploadAsync(tenant, collection, $"{doc.Id}.txt", "text/plain", body);
            }

            var uploaded = clock.Elapsed.TotalSeconds;
            while ((await store.ListUnfinishedPageAsync(TimeProvider.System.GetUtcNow(), after: null, limit: 1)).Count > 0)
            {
                if (workers.Any(p => p.HasExited))
                {
                    throw new InvalidOperationException("A worker process exited during the run.");
                }

                await Task.Delay(100);
            }

            clock.Stop();
            var done = await documents.ListAsync(tenant, collection);
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"workers={workerCount} documents={done.Count} failed={done.Count(d => d.Status == DocumentStatus.Failed)} chunks={done.Sum(d => d.ChunkCount ?? 0)} upload_s={uploaded:F1} wall_s={seconds:F1} docs_per_s={done.Count / seconds:F1}"));
            return done.All(d => d.Status == DocumentStatus.Completed) ? 0 : 1;
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (!worker.HasExited)
                {
                    worker.Kill(entireProcessTree: true);
                }

                await worker.WaitForExitAsync();
                worker.Dispose();
            }

            await host.StopAsync();
        }
    }

    /// <summary>
    /// The product's host with the `worker` verb and the same configuration: the workers measured are the shipped
    /// ones, and the project reference puts that host next to this tool.
    /// </summary>
    private static Process StartWorker(string[] configuration)
    {
        var program = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown.");
        var host = typeof(CommandLine).Assembly.Location;
        var viaDotnet = Path.GetFileNameWithoutExtension(program) == "dotnet";
        var start = new ProcessStartInfo(viaDotnet ? program : Path.ChangeExtension(host, OperatingSystem.IsWindows() ? ".exe" : null))
        {
            UseShellExecute = false,
            RedirectStandardOutput = false,
        };
        if (viaDotnet)
        {
            start.ArgumentList.Add(host);
        }

        start.ArgumentList.Add("worker");
        foreach (var arg in configuration)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        return Process.Start(start) ?? throw new InvalidOperationException("The worker process did not start.");
    }

    private static async Task WaitForServersAsync(JobStorage storage, int count, List<Process> workers)
    {
        var monitoring = storage.GetMonitoringApi();
        while (monitoring.Servers().Count < count)
        {
            if (workers.Any(p => p.HasExited))
            {
                throw new InvalidOperationException("A worker process exited at start.");
            }

            await Task.Delay(200);
        }
    }
}
