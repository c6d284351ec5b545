using KnowledgeHub.Retrieval.Embedded;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

/// <summary>How much merging the embedded index's writer does when documents arrive in many small commits, as ingestion makes them.</summary>
public sealed class IndexMergeTests
{
    [Fact]
    public void Many_small_commits_merge_each_chunk_a_few_times_instead_of_rewriting_the_whole_index_again_and_again()
    {
        const int commits = 400;
        const int chunksPerCommit = 5;
        var config = EmbeddedIndex.NewWriterConfig();
        var merges = new CountingMergeScheduler();
        config.MergeScheduler = merges;
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, config))
        {
            var random = new Random(7);
            for (var commit = 0; commit < commits; commit++)
            {
                for (var i = 0; i < chunksPerCommit; i++)
                {
                    // About 2 KB of stored text per chunk, like an abstract's chunk: a 4 MB index at the end.
                    var words = Enumerable.Range(0, 300).Select(_ => "w" + random.Next(5000).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    writer.AddDocument([new TextField("text", string.Join(' ', words), Field.Store.YES)]);
                }

                writer.Commit();
            }
        }

        // Merging in levels of ten rewrites each chunk about four times here (8,680 merged for 2,000 added). Lucene's
        // default floor (2 MB) rewrote the whole index every ten commits below 20 MB: 44,770 merged, 22 times as many.
        var added = commits * chunksPerCommit;
        Assert.InRange(merges.MergedDocuments, added, 5 * added);
    }

    /// <summary>Runs merges on the committing thread, as Lucene's serial scheduler does, counting the documents they rewrite.</summary>
    private sealed class CountingMergeScheduler : MergeScheduler
    {
        public long MergedDocuments { get; private set; }

        public override void Merge(IndexWriter writer, MergeTrigger trigger, bool newMergesFound)
        {
            lock (this)
            {
                while (writer.GetNextMerge() is { } merge)
                {
                    MergedDocuments += merge.TotalDocCount;
                    writer.Merge(merge);
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
