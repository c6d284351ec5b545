using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Ingestion;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Connectors.Tests;

/// <summary>
/// The product's ingestion and connectors as the host wires them, on a SQLite store in a temp folder, an in-memory
/// embedded index and the counting test encoder; runs ingest each new version in place (as the sync verb does).
/// </summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    public const string Tenant = "acme";

    private readonly ServiceProvider services;

    public ConnectorHarness(TempFolder folder, params (string Key, string Value)[] settings)
    {
        Folder = folder;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddSingleton<ITextEncoder>(Encoder);
        collection.AddSingleton<ISearchIndex>(_ => EmbeddedIndex.Open(null, Encoder.ModelId, Encoder.Dimensions));
        collection.AddSingleton<IIngestionQueue, UnusedQueue>();
        collection.AddSqliteDocumentStore(_ => folder.File("store.db"));
        collection.AddIngestion(_ => folder.File("originals"));
        collection.AddConnectors(_ => folder.File("clones"));
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
    }

    public TempFolder Folder { get; }

    public HashingEncoder Encoder { get; } = new();

    /// <summary>Documents the pipeline ran for, in order, during the last <see cref="SyncAsync"/>.</summary>
    public List<string> Ingested { get; } = [];

    /// <summary>Encoder calls made while the pipeline ran, during the last <see cref="SyncAsync"/>.</summary>
    public int EmbedCallsInPipeline { get; private set; }

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    public IConnectorStore Store => Get<IConnectorStore>();

    public async Task InitializeAsync() => await Get<IDocumentStore>().InitializeAsync();

    public async Task<ConnectorRecord> AddAsync(ConnectorKind kind, string settingsJson, string collection = "docs")
    {
        var connector = new ConnectorRecord
        {
            Id = "con_" + Guid.NewGuid().ToString("N")[..12],
            Tenant = Tenant,
            Name = "test " + kind,
            Kind = kind,
            Collection = collection,
            Settings = settingsJson,
            CreatedAt = TimeProvider.System.GetUtcNow(),
        };
        await Store.AddAsync(connector);
        return connector;
    }

    public async Task<ConnectorRun> SyncAsync(ConnectorRecord connector, CancellationToken cancellationToken = default)
    {
        var sync = Get<ConnectorSync>();
        var (run, _) = await sync.RequestAsync(connector, cancellationToken);
        return await ContinueAsync(run.Id, cancellationToken: cancellationToken);
    }

    public async Task<ConnectorRun> ContinueAsync(string runId, Action<string, SyncCounts>? progress = null, CancellationToken cancellationToken = default)
    {
        Ingested.Clear();
        EmbedCallsInPipeline = 0;
        var pipeline = Get<IngestionPipeline>();
        var hooks = new SyncHooks
        {
            Enqueue = false,
            AfterUpload = async (document, token) =>
            {
                var before = Encoder.Calls;
                await pipeline.RunAsync(document.Id, token);
                EmbedCallsInPipeline += Encoder.Calls - before;
                Ingested.Add(document.Id);
            },
            Progress = progress,
        };
        return await Get<ConnectorSync>().RunAsync(Tenant, runId, hooks, cancellationToken)
            ?? throw new InvalidOperationException("The run was held by another owner.");
    }

    public async Task<IReadOnlyList<DocumentRecord>> DocumentsAsync(string collection = "docs") =>
        await Get<DocumentService>().ListAsync(Tenant, collection);

    /// <summary>Ids of the documents whose chunks match <paramref name="term"/> in a keyword search.</summary>
    public async Task<IReadOnlyList<string>> SearchAsync(string term)
    {
        var hits = await Get<ISearchIndex>().SearchAsync(new SearchRequest(term, null, SearchFilter.ForTenant(Tenant), Top: 20, Mode: SearchMode.Keyword));
        return [.. hits.Select(h => h.Chunk.DocumentId).Distinct()];
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Runs ingest in place (<see cref="SyncHooks.Enqueue"/> is false); a queued job here would be a bug.</summary>
    private sealed class UnusedQueue : IIngestionQueue
    {
        public void Enqueue(DocumentRecord document) => throw new InvalidOperationException("Connector tests ingest in place; nothing may be queued.");

        public IDisposable LockRequeue(TimeSpan timeout) => throw new NotSupportedException();

        public HashSet<string> DocumentsWithPendingJobs() => [];
    }
}
