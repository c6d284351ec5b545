using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench scale`: the embedded index at size. Dense part: N synthetic unit vectors around 1,000 random centroids (so
/// every query has a real neighbourhood), upserted through <see cref="EmbeddedIndex"/> into a folder, then timed as
/// dense top-10 searches near random centroids, with a collection filter and tenant-wide. Text part: M chunks made of
/// real SciFact sentences (each chunk a random abstract's sentences, shuffled, a third swapped for sentences of other
/// abstracts), timed with SciFact queries as BM25 and as hybrid searches; those chunks and query vectors are synthetic
/// too, as nothing in this benchmark depends on what the vectors mean. Query embedding is timed on its own. Every dense
/// result is checked against an exact scan computed here (recall@10), since large stores search 8-bit codes first.
/// </summary>
public static partial class BenchScaleCommand
{
    private const string Usage =
        "Usage: bench scale [--chunks 1000000] [--dims 384] [--queries 200] [--text-chunks 100000] [--text-corpus <BEIR folder>] [--seed 1] [--batch 10000] [--keep]";

    private const string Tenant = "acme";
    private const int ChunksPerDocument = 8;
    private const int WarmUpQueries = 10;
    private static readonly string[] Collections = ["handbooks", "contracts", "research", "support"];

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "chunks", "dims", "queries", "text-chunks", "text-corpus", "seed", "batch" }, new HashSet<string> { "keep" });
        if (parsed.Positionals.Count != 0)
        {
            throw new ArgumentException(Usage);
        }

        var chunks = Int(parsed, "chunks", 1_000_000);
        var dims = Int(parsed, "dims", 384);
        var queries = Int(parsed, "queries", 200);
        var textChunks = Int(parsed, "text-chunks", 100_000);
        var seed = Int(parsed, "seed", 1);
        var batch = Int(parsed, "batch", 10_000);
        if (chunks < 1 || dims < 1 || queries < 1 || textChunks < 0 || batch < 1)
        {
            throw new ArgumentException(Usage);
        }

        var corpusFolder = textChunks == 0 ? null : parsed.Value("text-corpus") ?? FindSciFact()
            ?? throw new ArgumentException("No SciFact folder found above the working directory; pass --text-corpus <BEIR folder> or --text-chunks 0.");

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var root = Path.Combine(app.Services.GetRequiredService<DataPaths>().Root, "bench-scale", $"seed{seed}-{Environment.ProcessId}");
        Report($"machine cores={Environment.ProcessorCount} simd512={System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated} int8_kernel={EmbeddedIndex.FirstPassKernel} folder={root}");
        try
        {
            var space = new ClusteredSpace(dims, centroids: 1000, seed);
            await DensePartAsync(Path.Combine(root, "dense"), space, chunks, queries, batch, seed);
            if (corpusFolder is not null)
            {
                var dataset = BeirDataset.Load(corpusFolder);
                await TextPartAsync(Path.Combine(root, "text"), space, dataset, textChunks, queries, batch, seed);
                await QueryEmbeddingAsync(app.Services, dataset, queries);
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

    private static async Task DensePartAsync(string folder, ClusteredSpace space, int count, int queries, int batch, int seed)
    {
        var random = new Random(seed);
        var cpu = CpuMeter.Start();
        var build = await BuildAsync(folder, space, count, batch, salt: 0, i => $"Synthetic chunk {i} of document {i / ChunksPerDocument}.");
        Report($"dense_build chunks={count} dims={space.Dimensions} batch={batch} upsert_s={build.TotalSeconds:F1} chunks_per_s={count / build.TotalSeconds:F0} other_cpu_s={cpu.OtherSeconds():F1} index_mib_on_disk={FolderMiB(folder):F0}");

        cpu = CpuMeter.Start();
        var open = Stopwatch.StartNew();
        using var index = EmbeddedIndex.Open(folder, "synthetic", space.Dimensions);
        Report($"dense_reopen load_s={open.Elapsed.TotalSeconds:F1} other_cpu_s={cpu.OtherSeconds():F1}");
        Report(MemoryLine("dense_memory"));

        var vectors = Enumerable.Range(0, queries).Select(_ => space.Near(random.Next(space.Centroids), random)).ToList();
        var inCollection = await TimeAsync(index, vectors, q => new SearchRequest(string.Empty, vectors[q], Filter(q), 10, SearchMode.Dense));
        var tenantWide = await TimeAsync(index, vectors, q => new SearchRequest(string.Empty, vectors[q], SearchFilter.ForTenant(Tenant), 10, SearchMode.Dense));
        var clock = Stopwatch.StartNew();
        var (exactInCollection, exactTenantWide) = ExactTop10(space, count, vectors);
        Report($"dense_search filter=tenant+collection queries={queries} {inCollection.Summary} recall_at_10_vs_exact={Recall(inCollection.Hits, exactInCollection):F4}");
        Report($"dense_search filter=tenant queries={queries} {tenantWide.Summary} recall_at_10_vs_exact={Recall(tenantWide.Hits, exactTenantWide):F4}");
        Report($"exact_reference computed_s={clock.Elapsed.TotalSeconds:F1} (brute force over regenerated vectors, outside the index)");
    }

    /// <summary>The exact top 10 chunk ids of every query, with its collection filter and tenant-wide, by brute force over regenerated vectors.</summary>
    private static (List<HashSet<string>> InCollection, List<HashSet<string>> TenantWide) ExactTop10(ClusteredSpace space, int count, List<float[]> queries)
    {
        var inCollection = queries.Select(_ => new PriorityQueue<int, float>()).ToList();
        var tenantWide = queries.Select(_ => new PriorityQueue<int, float>()).ToList();
        for (var i = 0; i < count; i++)
        {
            var vector = space.Chunk(i, salt: 0);
            var collection = CollectionOf(i);
            for (var q = 0; q < queries.Count; q++)
            {
                var score = System.Numerics.Tensors.TensorPrimitives.Dot(vector, queries[q]);
                Keep(tenantWide[q], i, score);
                if (Filter(q).Collection == collection)
                {
                    Keep(inCollection[q], i, score);
                }
            }
        }

        return (inCollection.Select(Ids).ToList(), tenantWide.Select(Ids).ToList());

        static void Keep(PriorityQueue<int, float> heap, int chunk, float score)
        {
            if (heap.Count < 10)
            {
                heap.Enqueue(chunk, score);
            }
            else if (heap.TryPeek(out _, out var worst) && score > worst)
            {
                heap.EnqueueDequeue(chunk, score);
            }
        }

        static HashSet<string> Ids(PriorityQueue<int, float> heap) =>
            heap.UnorderedItems.Select(item => ChunkIdOf(item.Element)).ToHashSet(StringComparer.Ordinal);
    }

    private static double Recall(List<IReadOnlyList<SearchHit>> hits, List<HashSet<string>> exact) =>
        hits.Zip(exact).Average(pair => (double)pair.First.Count(h => pair.Second.Contains(h.Chunk.Id)) / Math.Max(1, pair.Second.Count));

    private static async Task TextPartAsync(string folder, ClusteredSpace space, BeirDataset dataset, int count, int queries, int batch, int seed)
    {
        var random = new Random(seed + 1);
        var texts = new SentenceMixer(dataset.Corpus, random);
        var cpu = CpuMeter.Start();
        var build = await BuildAsync(folder, space, count, batch, salt: 1, _ => texts.Next());
        Report($"text_build chunks={count} source_abstracts={dataset.Corpus.Count} upsert_s={build.TotalSeconds:F1} chunks_per_s={count / build.TotalSeconds:F0} other_cpu_s={cpu.OtherSeconds():F1} index_mib_on_disk={FolderMiB(folder):F0}");

        using var index = EmbeddedIndex.Open(folder, "synthetic", space.Dimensions);
        var questions = Enumerable.Range(0, queries).Select(q => dataset.Queries[q % dataset.Queries.Count].Text).ToList();
        var vectors = Enumerable.Range(0, queries).Select(_ => space.Near(random.Next(space.Centroids), random)).ToList();
        var keyword = await TimeAsync(index, vectors, q => new SearchRequest(questions[q], null, Filter(q), 10, SearchMode.Keyword));
        Report($"keyword_search filter=tenant+collection queries={queries} {keyword.Summary}");
        var hybrid = await TimeAsync(index, vectors, q => new SearchRequest(questions[q], vectors[q], Filter(q), 10, SearchMode.Hybrid));
        Report($"hybrid_search filter=tenant+collection queries={queries} fusion={index.Fusion.GetType().Name} feedback_chunks={index.Feedback.Chunks} {hybrid.Summary}");
        Report(MemoryLine("text_memory"));
    }

    private static async Task QueryEmbeddingAsync(IServiceProvider services, BeirDataset dataset, int queries)
    {
        var encoder = services.GetRequiredService<ITextEncoder>();
        var questions = Enumerable.Range(0, queries).Select(q => dataset.Queries[q % dataset.Queries.Count].Text).ToList();
        await encoder.EmbedAsync([questions[0]], EmbeddingPurpose.Query);
        var cpu = CpuMeter.Start();
        var times = new List<double>();
        foreach (var question in questions)
        {
            var clock = Stopwatch.StartNew();
            await encoder.EmbedAsync([question], EmbeddingPurpose.Query);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        Report($"query_embedding model={encoder.ModelId} queries={queries} p50_ms={BenchCommand.Percentile(times, 0.50):F1} p95_ms={BenchCommand.Percentile(times, 0.95):F1} other_cpu_s={cpu.OtherSeconds():F1}");
    }

    /// <summary>Upserts <paramref name="count"/> chunks in batches and returns the time spent inside the index only.</summary>
    private static async Task<TimeSpan> BuildAsync(string folder, ClusteredSpace space, int count, int batch, int salt, Func<int, string> text)
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
                    i % ChunksPerDocument, text(i), null, space.Chunk(i, salt)));
            }

            var clock = Stopwatch.StartNew();
            await index.UpsertAsync(chunks);
            spent += clock.Elapsed;
            if ((offset + chunks.Count) % (batch * 10) == 0)
            {
                await Console.Error.WriteLineAsync($"upserted {offset + chunks.Count}/{count} ({spent.TotalSeconds:F0} s)");
            }
        }

        return spent;
    }

    /// <summary>One search per query after a few untimed warm-up searches; p50/p95 of the wall time of each call.</summary>
    private static async Task<(string Summary, List<IReadOnlyList<SearchHit>> Hits)> TimeAsync(EmbeddedIndex index, List<float[]> vectors, Func<int, SearchRequest> request)
    {
        for (var q = 0; q < Math.Min(WarmUpQueries, vectors.Count); q++)
        {
            await index.SearchAsync(request(q));
        }

        var cpu = CpuMeter.Start();
        var times = new List<double>(vectors.Count);
        var hits = new List<IReadOnlyList<SearchHit>>(vectors.Count);
        for (var q = 0; q < vectors.Count; q++)
        {
            var clock = Stopwatch.StartNew();
            var found = await index.SearchAsync(request(q));
            times.Add(clock.Elapsed.TotalMilliseconds);
            hits.Add(found);
        }

        return (string.Create(CultureInfo.InvariantCulture,
            $"p50_ms={BenchCommand.Percentile(times, 0.50):F1} p95_ms={BenchCommand.Percentile(times, 0.95):F1} max_ms={times.Max():F1} avg_hits={hits.Average(h => h.Count):F1} other_cpu_s={cpu.OtherSeconds():F1}"), hits);
    }

    private static SearchFilter Filter(int query) => new(Tenant, Collections[query % Collections.Length]);

    private static string DocumentOf(int chunk) => $"doc-{chunk / ChunksPerDocument:D7}";

    private static string ChunkIdOf(int chunk) => ChunkId.For(DocumentOf(chunk), 1, chunk % ChunksPerDocument);

    private static string CollectionOf(int chunk) => Collections[(chunk / ChunksPerDocument) % Collections.Length];

    private static string MemoryLine(string label)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return string.Create(CultureInfo.InvariantCulture,
            $"{label} managed_mib={GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:F0} working_set_mib={process.WorkingSet64 / 1048576.0:F0} peak_working_set_mib={process.PeakWorkingSet64 / 1048576.0:F0}");
    }

    private static double FolderMiB(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1048576.0;

    private static int Int(CommandArgs parsed, string flag, int fallback) =>
        parsed.Value(flag) is { } value ? int.Parse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;

    private static string? FindSciFact()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "datasets", "scifact");
                if (File.Exists(Path.Combine(candidate, "queries.jsonl")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static void Report(string line) => Console.WriteLine(line);

    /// <summary>Unit vectors scattered around fixed random centroids: each point is its centroid plus noise of the same norm.</summary>
    private sealed class ClusteredSpace
    {
        private readonly float[][] centroids;
        private readonly int seed;

        public ClusteredSpace(int dimensions, int centroids, int seed)
        {
            Dimensions = dimensions;
            this.seed = seed;
            var random = new Random(seed * 7919);
            this.centroids = Enumerable.Range(0, centroids).Select(_ => Normalise(Noise(dimensions, random))).ToArray();
        }

        public int Dimensions { get; }

        public int Centroids => centroids.Length;

        /// <summary>Chunk <paramref name="chunk"/>'s vector, the same every time it is asked for (the exact reference regenerates it).</summary>
        public float[] Chunk(int chunk, int salt)
        {
            var random = new Random(unchecked((((seed * 31) + salt) * 1_000_003) + chunk));
            return Near(random.Next(Centroids), random);
        }

        public float[] Near(int centroid, Random random)
        {
            var noise = Normalise(Noise(Dimensions, random));
            var centre = centroids[centroid];
            for (var i = 0; i < noise.Length; i++)
            {
                noise[i] += centre[i];
            }

            return Normalise(noise);
        }

        // Uniform noise is enough here: in 384 dimensions its direction is as isotropic as Gaussian noise for search purposes.
        private static float[] Noise(int dimensions, Random random)
        {
            var vector = new float[dimensions];
            for (var i = 0; i < dimensions; i++)
            {
                vector[i] = (random.NextSingle() * 2) - 1;
            }

            return vector;
        }

        private static float[] Normalise(float[] vector)
        {
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
            return vector;
        }
    }

    /// <summary>Chunk texts from real abstracts: one abstract's sentences shuffled, about a third replaced by other abstracts' sentences.</summary>
    private sealed partial class SentenceMixer
    {
        private readonly List<string[]> abstracts;
        private readonly Random random;

        public SentenceMixer(IReadOnlyList<BeirDocument> corpus, Random random)
        {
            this.random = random;
            abstracts = corpus.Select(d => SentenceEnd().Split(d.Text).Where(s => s.Length > 0).ToArray()).Where(s => s.Length > 0).ToList();
        }

        public string Next()
        {
            var sentences = (string[])abstracts[random.Next(abstracts.Count)].Clone();
            random.Shuffle(sentences);
            for (var i = 0; i < sentences.Length; i++)
            {
                if (random.Next(3) == 0)
                {
                    var other = abstracts[random.Next(abstracts.Count)];
                    sentences[i] = other[random.Next(other.Length)];
                }
            }

            return string.Join(' ', sentences.Take(10));
        }

        [GeneratedRegex(@"(?<=[.!?])\s+")]
        private static partial Regex SentenceEnd();
    }

    /// <summary>CPU seconds that other processes used since the start, from /proc/stat (0 where it does not exist).</summary>
    private sealed class CpuMeter
    {
        private readonly double busyAtStart;
        private readonly TimeSpan ownAtStart;

        private CpuMeter()
        {
            busyAtStart = MachineBusySeconds();
            ownAtStart = OwnCpu();
        }

        public static CpuMeter Start() => new();

        public double OtherSeconds() => Math.Max(0, MachineBusySeconds() - busyAtStart - (OwnCpu() - ownAtStart).TotalSeconds);

        private static TimeSpan OwnCpu()
        {
            using var process = Process.GetCurrentProcess();
            return process.TotalProcessorTime;
        }

        // First line of /proc/stat: user nice system idle iowait irq softirq steal ... in clock ticks (100 per second).
        private static double MachineBusySeconds()
        {
            if (!File.Exists("/proc/stat"))
            {
                return 0;
            }

            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var busy = fields.Take(8).Sum() - fields[3] - fields[4];
            return busy / 100.0;
        }
    }
}
