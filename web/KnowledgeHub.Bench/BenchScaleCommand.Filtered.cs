using System.Globalization;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Web.Cli;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench filtered`: access-group filtered search at size. N chunks (default 1,000,000) of real SciFact sentences with
/// synthetic clustered vectors (as in `bench scale`), every document given access groups so that a key holding "g1",
/// "g10" or "g50" may read 1%, 10% or 50% of the chunks (and no chunk is ungrouped, which every key could read). The
/// same queries are timed unfiltered (an admin's search) and with each group filter, in hybrid (the default mode),
/// keyword and dense mode, in one run; each filtered p95 is reported against the unfiltered p95 of its mode (the goal
/// of issue 18: at most 2x). Every filtered result is checked to lie inside its group.
/// </summary>
public static partial class BenchScaleCommand
{
    private const string FilteredUsage =
        "Usage: bench filtered [--size 1000000] [--dims 384] [--queries 200] [--text-corpus <BEIR folder>] [--seed 1] [--batch 10000] [--modes hybrid,keyword,dense] [--keep]";

    private static readonly (string Group, int Percent)[] Selectivities = [("g1", 1), ("g10", 10), ("g50", 50)];

    public static async Task<int> RunFilteredAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "size", "dims", "queries", "text-corpus", "seed", "batch", "modes" }, new HashSet<string> { "keep" });
        if (parsed.Positionals.Count != 0)
        {
            throw new ArgumentException(FilteredUsage);
        }

        var size = Int(parsed, "size", 1_000_000);
        var dims = Int(parsed, "dims", 384);
        var queries = Int(parsed, "queries", 200);
        var seed = Int(parsed, "seed", 1);
        var batch = Int(parsed, "batch", 10_000);
        var modes = (parsed.Value("modes") ?? "hybrid,keyword,dense").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => Enum.TryParse<SearchMode>(m, ignoreCase: true, out var mode) ? mode : throw new ArgumentException($"Unknown mode '{m}'. {FilteredUsage}"))
            .ToList();
        if (size < ChunksPerDocument * 100 || dims < 1 || queries < 1 || batch < 1 || modes.Count == 0)
        {
            throw new ArgumentException($"--size must be at least {ChunksPerDocument * 100} (100 documents, so that 1% is one). {FilteredUsage}");
        }

        var corpusFolder = parsed.Value("text-corpus") ?? FindSciFact()
            ?? throw new ArgumentException("No SciFact folder found above the working directory; pass --text-corpus <BEIR folder>.");
        var dataset = BeirDataset.Load(corpusFolder);
        var root = Path.Combine(Path.GetTempPath(), "kh-bench-filtered", $"seed{seed}-{Environment.ProcessId}");
        Report($"machine cores={Environment.ProcessorCount} simd512={System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated} int8_kernel={EmbeddedIndex.FirstPassKernel} folder={root}");
        try
        {
            var space = new ClusteredSpace(dims, centroids: 1000, seed);
            var random = new Random(seed + 2);
            var texts = new SentenceMixer(dataset.Corpus, random);
            var build = await BuildGroupedAsync(root, space, size, batch, _ => texts.Next());
            Report($"filtered_build chunks={size} dims={dims} groups=g1:1%,g10:10%,g50:50% upsert_s={build.TotalSeconds:F1} index_mib_on_disk={FolderMiB(root):F0}");

            using var index = EmbeddedIndex.Open(root, "synthetic", space.Dimensions);
            var questions = Enumerable.Range(0, queries).Select(q => dataset.Queries[q % dataset.Queries.Count].Text).ToList();
            var vectors = Enumerable.Range(0, queries).Select(_ => space.Near(random.Next(space.Centroids), random)).ToList();
            foreach (var mode in modes)
            {
                var unfiltered = await TimedAsync(index, vectors, q => Request(mode, questions[q], vectors[q], SearchFilter.ForTenant(Tenant)));
                Report($"filtered_search mode={mode.ToString().ToLowerInvariant()} filter=none keeps=100% queries={queries} {unfiltered.Line}");
                foreach (var (group, percent) in Selectivities)
                {
                    var filter = SearchFilter.ForTenant(Tenant) with { AccessGroups = [group] };
                    var filtered = await TimedAsync(index, vectors, q => Request(mode, questions[q], vectors[q], filter));
                    var outside = filtered.Hits.Sum(h => h.Count(hit => !InGroup(DocumentNumberOf(hit.Chunk.DocumentId), percent)));
                    Report(string.Create(
                        CultureInfo.InvariantCulture,
                        $"filtered_search mode={mode.ToString().ToLowerInvariant()} filter={group} keeps={percent}% queries={queries} {filtered.Line} p95_vs_unfiltered={filtered.P95 / unfiltered.P95:F2}x hits_outside_group={outside}"));
                }
            }
        }
        finally
        {
            if (!parsed.Has("keep") && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        return 0;
    }

    private static SearchRequest Request(SearchMode mode, string question, float[] vector, SearchFilter filter) => mode switch
    {
        SearchMode.Keyword => new SearchRequest(question, null, filter, 10, mode),
        SearchMode.Dense => new SearchRequest(string.Empty, vector, filter, 10, mode),
        _ => new SearchRequest(question, vector, filter, 10, mode),
    };

    /// <summary>The groups of document number <paramref name="document"/>: nested, so "g1" readers see 1% of documents, "g10" 10%, "g50" 50%.</summary>
    private static IReadOnlyList<string> GroupsOf(int document)
    {
        // Spread over the documents (not the first 1% of them), so a group's chunks are scattered through the index.
        var bucket = Bucket(document);
        return bucket switch
        {
            < 1 => ["g1", "g10", "g50"],
            < 10 => ["g10", "g50"],
            < 50 => ["g50"],
            _ => ["rest"],
        };
    }

    private static int Bucket(int document) => (int)((uint)(document * 2654435761L) % 100);

    private static bool InGroup(int document, int percent) => Bucket(document) < percent;

    private static int DocumentNumberOf(string documentId) => int.Parse(documentId.AsSpan("doc-".Length), CultureInfo.InvariantCulture);

    /// <summary>Upserts the chunks with their documents' access groups; returns the time spent inside the index only.</summary>
    private static async Task<TimeSpan> BuildGroupedAsync(string folder, ClusteredSpace space, int count, int batch, Func<int, string> text)
    {
        var spent = TimeSpan.Zero;
        using var index = EmbeddedIndex.Open(folder, "synthetic", space.Dimensions);
        for (var offset = 0; offset < count; offset += batch)
        {
            var chunks = new List<IndexedChunk>(Math.Min(batch, count - offset));
            for (var i = offset; i < offset + chunks.Capacity; i++)
            {
                var document = DocumentOf(i);
                chunks.Add(new IndexedChunk(
                    ChunkIdOf(i), Tenant, CollectionOf(i), document, 1, $"{document}.pdf", 1 + (i % ChunksPerDocument / 2),
                    i % ChunksPerDocument, text(i), null, space.Chunk(i, salt: 2), AccessGroups: GroupsOf(i / ChunksPerDocument)));
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            await index.UpsertAsync(chunks);
            spent += clock.Elapsed;
            if ((offset + chunks.Count) % (batch * 10) == 0)
            {
                await Console.Error.WriteLineAsync($"upserted {offset + chunks.Count}/{count} ({spent.TotalSeconds:F0} s)");
            }
        }

        return spent;
    }

    /// <summary><see cref="TimeAsync"/> with the p95 kept as a number for the ratio.</summary>
    private static async Task<(string Line, double P95, List<IReadOnlyList<SearchHit>> Hits)> TimedAsync(EmbeddedIndex index, List<float[]> vectors, Func<int, SearchRequest> request)
    {
        var (summary, hits) = await TimeAsync(index, vectors, request);
        var p95 = double.Parse(summary.Split(' ').Single(p => p.StartsWith("p95_ms=", StringComparison.Ordinal))["p95_ms=".Length..], CultureInfo.InvariantCulture);
        return (summary, p95, hits);
    }
}
