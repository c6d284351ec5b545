using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>
/// A worker process hands versions off through the store (chunks stored, vectors cached, step "index"); the index
/// owner's synchronizer indexes them from there and only then marks them completed.
/// </summary>
public sealed class IndexSynchronizerTests : IDisposable
{
    private readonly TempFolder folder = new("kh-sync");
    private readonly CountingEncoder encoder;

    public IndexSynchronizerTests() => encoder = new CountingEncoder(OnnxTextEncoder.Create(new EncoderOptions(), folder.File("models")));

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Handed_off_versions_are_indexed_from_the_store_without_embedding_again_then_completed()
    {
        await using var worker = Build(ownsIndex: false);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await StoredDocuments.AddAsync(worker, $"doc_report-{i}", $"report-{i}.txt", $"Report {i}: the pump station {i} was inspected after the storm."));
            await worker.GetRequiredService<IngestionPipeline>().RunAsync(ids[^1]);
        }

        var store = worker.GetRequiredService<IDocumentStore>();
        Assert.All(await Task.WhenAll(ids.Select(id => store.GetByIdAsync(id))), d => Assert.Equal((DocumentStatus.Processing, "index"), (d!.Status, d.Step)));

        await using var owner = Build(ownsIndex: true);
        encoder.Embedded.Clear();
        var completed = await owner.GetRequiredService<IndexSynchronizer>().SynchronizeOnceAsync(CancellationToken.None);

        Assert.Equal(3, completed);
        Assert.Empty(encoder.Embedded);
        Assert.All(await Task.WhenAll(ids.Select(id => store.GetByIdAsync(id))), d => Assert.Equal(DocumentStatus.Completed, d!.Status));
        var index = owner.GetRequiredService<ISearchIndex>();
        Assert.Equal(3, await index.CountAsync("acme"));
        Assert.Equal(0, await owner.GetRequiredService<IndexSynchronizer>().SynchronizeOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_backlog_larger_than_one_poll_is_indexed_a_batch_at_a_time_oldest_first()
    {
        await using var worker = Build(ownsIndex: false);
        var ids = new List<string>();
        for (var i = 0; i < 201; i++)
        {
            ids.Add(await StoredDocuments.AddAsync(worker, $"doc_note-{i:D3}", $"note-{i:D3}.txt", $"Note {i}: valve {i} of the cooling loop was replaced."));
            await worker.GetRequiredService<IngestionPipeline>().RunAsync(ids[^1]);
        }

        await using var owner = Build(ownsIndex: true);
        var synchronizer = owner.GetRequiredService<IndexSynchronizer>();

        Assert.Equal(200, await synchronizer.SynchronizeOnceAsync(CancellationToken.None));
        var store = owner.GetRequiredService<IDocumentStore>();
        Assert.Equal(DocumentStatus.Processing, (await store.GetByIdAsync(ids[^1]))!.Status);
        Assert.Equal(1, await synchronizer.SynchronizeOnceAsync(CancellationToken.None));
        Assert.Equal(201, await owner.GetRequiredService<ISearchIndex>().CountAsync("acme"));
    }

    private ServiceProvider Build(bool ownsIndex)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<ITextEncoder>(encoder);
        services.AddSqliteDocumentStore(_ => folder.File("store.db"));
        services.AddIngestion(_ => folder.File("originals"));
        if (ownsIndex)
        {
            services.AddSingleton<ISearchIndex>(_ => EmbeddedIndex.Open(null, encoder.ModelId, encoder.Dimensions));
            services.AddSingleton<IndexSynchronizer>();
        }
        else
        {
            services.AddSingleton(sp => VersionIndexer.HandingOff(sp.GetRequiredService<IDocumentStore>()));
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
    }
}
