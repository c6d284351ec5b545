using System.Text;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>
/// Deleting a document, or uploading a newer version, stops the run that is ingesting it at whatever step it is in; the
/// worker is free at once, and nothing of the deleted document is left behind, even what the run wrote after the delete.
/// </summary>
public sealed class RunStopTests : IDisposable
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly TempFolder folder = new();

    public static TheoryData<string> Steps => new() { "extract", "chunk", "embed", "index" };

    public void Dispose() => folder.Dispose();

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Deleting_the_document_stops_its_run_at_each_step_and_the_next_document_runs(string step)
    {
        var gate = new StepGate(step);
        await using var services = Build(gate);
        var id = await StoredDocuments.AddAsync(services, "doc_big", step == "extract" ? "held.stall" : "held.txt", ManySentences(2000));
        var pipeline = services.GetRequiredService<IngestionPipeline>();

        var run = pipeline.RunAsync(id);
        await gate.Entered.Task.WaitAsync(Generous);
        await DeleteAsync(services, id);

        await run.WaitAsync(Prompt);
        Assert.Empty(await services.GetRequiredService<IDocumentStore>().GetChunksAsync(id));
        Assert.Equal(0, await services.GetRequiredService<ISearchIndex>().CountAsync("acme", id));

        gate.Release();
        var next = await StoredDocuments.AddAsync(services, "doc_next", "next.txt", "The pump needs a new seal every two years.");
        await pipeline.RunAsync(next).WaitAsync(Generous);
        Assert.Equal(DocumentStatus.Completed, (await services.GetRequiredService<IDocumentStore>().GetByIdAsync(next))!.Status);
    }

    [Fact]
    public async Task A_delete_made_by_another_process_stops_the_run_within_the_check_interval()
    {
        var gate = new StepGate("embed");
        await using var services = Build(gate, ("KnowledgeHub:Ingestion:RunCheckInterval", "00:00:00.200"));
        var id = await StoredDocuments.AddAsync(services, "doc_remote", "held.txt", ManySentences(20));
        var run = services.GetRequiredService<IngestionPipeline>().RunAsync(id);
        await gate.Entered.Task.WaitAsync(Generous);

        // Only the store changes, as when `serve` deletes a document that a `worker` process is ingesting.
        await services.GetRequiredService<IDocumentStore>().DeleteAsync("acme", id);

        await run.WaitAsync(Prompt);
        Assert.Empty(await services.GetRequiredService<IDocumentStore>().GetChunksAsync(id));
    }

    [Fact]
    public async Task A_newer_version_stops_the_old_versions_run_and_the_new_version_completes()
    {
        var gate = new StepGate("embed");
        await using var services = Build(gate);
        var store = services.GetRequiredService<IDocumentStore>();
        var id = await StoredDocuments.AddAsync(services, "doc_versions", "manual.txt", "Version one says the seal lasts a year.");
        var run = services.GetRequiredService<IngestionPipeline>().RunAsync(id);
        await gate.Entered.Task.WaitAsync(Generous);

        using var body = new MemoryStream(Encoding.UTF8.GetBytes("Version two says the seal lasts two years."));
        var saved = await services.GetRequiredService<ContentStore>().SaveAsync(body, 1024 * 1024);
        await store.AddVersionAsync("acme", id, new NewVersion("manual.txt", saved.Hash, saved.Size, null, null));
        services.GetRequiredService<IngestionRuns>().Stop(id, IngestionRunEnd.Superseded);

        await run.WaitAsync(Generous);
        var document = (await store.GetByIdAsync(id))!;
        Assert.Equal((DocumentStatus.Completed, 2), (document.Status, document.Version));
        Assert.All(await store.GetChunksAsync(id), c => Assert.Equal(2, c.Version));
        Assert.Contains("two years", (await store.GetChunksAsync(id))[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_with_more_chunks_than_MaxChunks_fails_naming_the_limit_and_stores_nothing()
    {
        await using var services = Build(new StepGate("none"), ("KnowledgeHub:Ingestion:MaxChunks", "3"), ("KnowledgeHub:Chunking:MaxTokens", "40"), ("KnowledgeHub:Chunking:OverlapTokens", "0"));
        var id = await StoredDocuments.AddAsync(services, "doc_many", "many.txt", ManySentences(60));

        await services.GetRequiredService<IngestionPipeline>().RunAsync(id);

        var document = (await services.GetRequiredService<IDocumentStore>().GetByIdAsync(id))!;
        Assert.Equal(DocumentStatus.Failed, document.Status);
        Assert.Matches(@"^The document makes \d+ chunks, more than the limit of 3 \(KnowledgeHub:Ingestion:MaxChunks\)\.", document.Error);
        Assert.Empty(await services.GetRequiredService<IDocumentStore>().GetChunksAsync(id));
    }

    [Fact]
    public async Task Chunking_past_its_limit_fails_the_document_naming_the_setting()
    {
        var gate = new StepGate("chunk");
        await using var services = Build(gate, ("KnowledgeHub:Ingestion:ChunkTimeout", "00:00:01"));
        var id = await StoredDocuments.AddAsync(services, "doc_slow_chunks", "long.txt", ManySentences(2000));

        await services.GetRequiredService<IngestionPipeline>().RunAsync(id).WaitAsync(Generous);

        var document = (await services.GetRequiredService<IDocumentStore>().GetByIdAsync(id))!;
        Assert.Equal(DocumentStatus.Failed, document.Status);
        Assert.Equal("Cutting the document into chunks took longer than the limit of 1 seconds (KnowledgeHub:Ingestion:ChunkTimeout).", document.Error);
    }

    /// <summary>What <see cref="DocumentService.DeleteAsync"/> does, without the job queue this container has no use for.</summary>
    private static async Task DeleteAsync(IServiceProvider services, string id)
    {
        await services.GetRequiredService<ISearchIndex>().DeleteDocumentAsync("acme", id);
        Assert.True(await services.GetRequiredService<IDocumentStore>().DeleteAsync("acme", id));
        services.GetRequiredService<IngestionRuns>().Stop(id, IngestionRunEnd.Deleted);
    }

    private static string ManySentences(int count) =>
        string.Join(' ', Enumerable.Range(1, count).Select(i => $"Maintenance step {i} checks valve {i % 17} and records the pressure reading."));

    private ServiceProvider Build(StepGate gate, params (string Key, string Value)[] settings) =>
        PipelineServices.Build(folder, new GatedEncoder(gate), inner => new GatedIndex(inner, gate), new StallingParser(gate), settings);
}
