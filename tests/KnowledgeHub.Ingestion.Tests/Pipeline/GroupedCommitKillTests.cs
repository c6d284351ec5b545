using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>
/// Grouped index commits and a process that dies between two of them: the first group is committed, the second never
/// reaches the index. After a restart every document completes, and the store and the index hold exactly what a run
/// without the kill holds.
/// </summary>
public sealed class GroupedCommitKillTests : IDisposable
{
    private const int Documents = 24;

    private static readonly (string Key, string Value)[] Grouped =
    [
        ($"{IngestionOptions.Section}:{nameof(IngestionOptions.IndexCommitDocuments)}", "4"),
        ($"{IngestionOptions.Section}:{nameof(IngestionOptions.IndexCommitWindow)}", "00:00:00.020"),
    ];

    private readonly TempFolder models = new("kh-kill-group-models");
    private readonly TempFolder killed = new("kh-kill-group");
    private readonly TempFolder clean = new("kh-kill-group-clean");
    private readonly OnnxTextEncoder encoder;

    public GroupedCommitKillTests() => encoder = OnnxTextEncoder.Create(new EncoderOptions(), models.File("models"));

    [Fact]
    [Trait("Speed", "Slow")]
    public async Task A_kill_between_two_grouped_commits_loses_nothing_and_after_a_restart_store_and_index_equal_a_clean_run()
    {
        var dying = new DyingIndex();
        using (var stop = new CancellationTokenSource())
        {
            await using var first = Build(killed, dying.Wrap);
            await AddAllAsync(first);
            var runs = Ids().Select(id => first.GetRequiredService<IngestionPipeline>().RunAsync(id, stop.Token)).ToList();
            await dying.SecondCommitStarted.Task.WaitAsync(TimeSpan.FromMinutes(2));
            var firstGroup = dying.FirstCommit!;
            Assert.InRange(firstGroup.Count, 1, Documents - 1);
            var store = first.GetRequiredService<IDocumentStore>();
            await CompletedAsync(store, firstGroup);

            // The process dies while the second group is being written: nothing of it reaches the index.
            await stop.CancelAsync();
            await Task.WhenAll(runs.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
            foreach (var id in Ids())
            {
                var document = (await store.GetByIdAsync(id))!;
                Assert.Equal(firstGroup.Contains(id) ? DocumentStatus.Completed : DocumentStatus.Processing, document.Status);
            }
        }

        SqliteConnection.ClearAllPools();
        await using (var second = Build(killed, persisted => persisted))
        {
            var store = second.GetRequiredService<IDocumentStore>();
            foreach (var id in Ids())
            {
                if ((await store.GetByIdAsync(id))!.Status != DocumentStatus.Completed)
                {
                    await second.GetRequiredService<IngestionPipeline>().RunAsync(id);
                }
            }

            await using var reference = Build(clean, persisted => persisted);
            await AddAllAsync(reference);
            await Task.WhenAll(Ids().Select(id => reference.GetRequiredService<IngestionPipeline>().RunAsync(id)));

            var resumedIndex = second.GetRequiredService<ISearchIndex>();
            var cleanIndex = reference.GetRequiredService<ISearchIndex>();
            var cleanStore = reference.GetRequiredService<IDocumentStore>();
            var chunks = 0;
            foreach (var id in Ids())
            {
                Assert.Equal(DocumentStatus.Completed, (await store.GetByIdAsync(id))!.Status);
                var resumedChunks = await store.GetChunksAsync(id);
                var cleanChunks = await cleanStore.GetChunksAsync(id);
                Assert.Equal(cleanChunks.Select(c => (c.Id, c.Text)), resumedChunks.Select(c => (c.Id, c.Text)));
                Assert.Equal(await cleanIndex.CountAsync("acme", id), await resumedIndex.CountAsync("acme", id));
                Assert.Equal(resumedChunks.Count, await resumedIndex.CountAsync("acme", id));
                chunks += resumedChunks.Count;
            }

            // No duplicates: one index entry per chunk row, and as many as the clean run has.
            Assert.Equal(chunks, await resumedIndex.CountAsync("acme"));
            Assert.Equal(await cleanIndex.CountAsync("acme"), await resumedIndex.CountAsync("acme"));
        }
    }

    public void Dispose()
    {
        encoder.Dispose();
        SqliteConnection.ClearAllPools();
        killed.Dispose();
        clean.Dispose();
        models.Dispose();
    }

    /// <summary>Waits until the first group's documents have written their completed status (they do after its commit).</summary>
    private static async Task CompletedAsync(IDocumentStore store, IReadOnlySet<string> ids)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        foreach (var id in ids)
        {
            while ((await store.GetByIdAsync(id, limit.Token))!.Status != DocumentStatus.Completed)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), limit.Token);
            }
        }
    }

    private static IEnumerable<string> Ids() => Enumerable.Range(0, Documents).Select(i => $"doc_{i:D2}");

    private static async Task AddAllAsync(IServiceProvider services)
    {
        foreach (var (id, i) in Ids().Select((id, i) => (id, i)))
        {
            // One to three chunks each, so that a group mixes documents of several chunks.
            var text = string.Join(
                "\n\n",
                Enumerable.Range(0, 1 + (i % 3)).Select(p => $"Pump {i} section {p}: the impeller of model {i}-{p} is replaced every {100 + i} hours of service, and its seal is checked at every start."));
            await StoredDocuments.AddAsync(services, id, id + ".txt", text);
        }
    }

    /// <summary>The product container on a folder's store, originals and a persisted embedded index.</summary>
    private ServiceProvider Build(TempFolder folder, Func<ISearchIndex, ISearchIndex> wrap) =>
        PipelineServices.Build(
            folder,
            encoder,
            memory =>
            {
                ((IDisposable)memory).Dispose();
                return wrap(EmbeddedIndex.Open(folder.File("index"), encoder.ModelId, encoder.Dimensions));
            },
            settings: Grouped);

    /// <summary>Lets the first upsert (one grouped commit) through; the second never reaches the index.</summary>
    private sealed class DyingIndex
    {
        private int upserts;

        public IReadOnlySet<string>? FirstCommit { get; private set; }

        public TaskCompletionSource SecondCommitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ISearchIndex Wrap(ISearchIndex persisted) => new Double(persisted, this);

        private sealed class Double(ISearchIndex inner, DyingIndex owner) : DelegatingSearchIndex(inner), IDisposable
        {
            public override async Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default)
            {
                if (Interlocked.Increment(ref owner.upserts) == 1)
                {
                    await Inner.UpsertAsync(chunks, cancellationToken);
                    owner.FirstCommit = chunks.Select(c => c.DocumentId).ToHashSet(StringComparer.Ordinal);
                    return;
                }

                owner.SecondCommitStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            public void Dispose() => ((IDisposable)Inner).Dispose();
        }
    }
}
