using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Bench.Tests.Evaluation;

public class EvaluationRunnerTests
{
    private static BeirDataset Toy() => new(
        "toy",
        [
            new BeirDocument("d1", "Photosynthesis", "Plants convert sunlight into chemical energy."),
            new BeirDocument("d2", "Volcanoes", "Magma rises through the crust and erupts."),
            new BeirDocument("d3", "Glaciers", "Ice sheets carve valleys over millennia."),
            new BeirDocument("d4", "Tides", "The moon's gravity pulls the oceans."),
        ],
        [
            new BeirQuery("q1", "how do plants use sunlight"),
            new BeirQuery("q2", "why do volcanoes erupt magma"),
            new BeirQuery("q3", "unjudged question"),
        ],
        new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["q1"] = new Dictionary<string, int> { ["d1"] = 1 },
            ["q2"] = new Dictionary<string, int> { ["d2"] = 2, ["d4"] = 0 },
        });

    [Fact]
    public async Task Every_mode_is_reported_per_configuration_and_per_query()
    {
        var stages = new List<string>();
        var runner = new EvaluationRunner(new HashingEncoder());

        var report = await runner.RunAsync(Toy(), progress: new SyncProgress(p => stages.Add(p.Stage)));

        Assert.Equal(4, report.Documents);
        Assert.Equal(2, report.Queries);
        Assert.Equal(["bm25", "dense", "hybrid"], report.Configurations.Select(c => c.Name));
        Assert.All(report.Configurations, c =>
        {
            Assert.Equal(["q1", "q2"], c.PerQuery.Select(q => q.QueryId));
            Assert.Equal(c.PerQuery.Average(q => q.NdcgAt10), c.NdcgAt10, 12);
        });

        // Each query's words appear only in its relevant document, so BM25 ranks it first.
        var bm25 = report.Configurations[0];
        Assert.Equal(1.0, bm25.NdcgAt10, 12);
        Assert.Equal(1.0, bm25.MrrAt10, 12);
        Assert.Equal(1.0, bm25.RecallAt100, 12);
        Assert.Contains("embed corpus", stages);
        Assert.Contains("embed queries", stages);
        Assert.Contains("search hybrid", stages);
    }

    [Fact]
    public async Task A_document_ranks_by_its_best_chunk_and_counts_once()
    {
        var runner = new EvaluationRunner(new HashingEncoder());

        // Title and body become separate chunks; a document then has two chunks but one place in the ranking.
        var report = await runner.RunAsync(
            Toy(),
            chunker: text => text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries),
            modes: [EvaluationRunner.AllModes[0]]);

        Assert.True(report.Chunks > report.Documents);
        Assert.Equal(1.0, report.Configurations.Single().NdcgAt10, 12);
    }

    [Fact]
    public async Task A_keyword_only_run_never_calls_the_encoder()
    {
        var encoder = new HashingEncoder();

        var report = await new EvaluationRunner(encoder).RunAsync(Toy(), modes: [SearchMode.Keyword]);

        Assert.Equal(0, encoder.Calls);
        Assert.Equal("bm25", Assert.Single(report.Configurations).Name);
    }

    [Fact]
    public async Task Extra_recipes_are_reported_after_the_standard_rows()
    {
        var options = new EvaluationOptions { Recipes = ["bm25-prf", "bm25-doc", "zsum:bm25+dense-prf@50", "rrf20:bm25-title*2+dense-sum"] };

        var report = await new EvaluationRunner(new HashingEncoder()).RunAsync(Toy(), options: options);

        Assert.Equal(["bm25", "dense", "hybrid", .. options.Recipes], report.Configurations.Select(c => c.Name));
        Assert.Equal(SearchMode.Keyword, report.Configurations[3].Mode);
        Assert.Equal(SearchMode.Hybrid, report.Configurations[5].Mode);
        Assert.All(report.Configurations, c => Assert.Equal(2, c.PerQuery.Count));
    }

    [Fact]
    public async Task Sentence_signals_embed_each_sentence_once_and_score_every_query()
    {
        using var folder = new TempFolder();
        var options = new EvaluationOptions
        {
            Recipes = ["dense-sent", "dense-sent2-prf", "dense-chunksent", "zsum:bm25+dense-prf+dense-sent", "rescore2:dense-sent:zsum:bm25+dense-prf"],
            Cache = new VectorCache(folder.Path),
        };
        var encoder = new HashingEncoder();

        var first = await new EvaluationRunner(encoder).RunAsync(Toy(), options: options);
        var calls = encoder.Calls;
        var second = await new EvaluationRunner(encoder).RunAsync(Toy(), options: options);

        Assert.Equal(calls, encoder.Calls);
        Assert.All(first.Configurations, c => Assert.Equal(2, c.PerQuery.Count));
        Assert.Equal(first.Configurations.Select(c => c.NdcgAt10), second.Configurations.Select(c => c.NdcgAt10));
        // "Plants convert sunlight ..." shares two terms with q1; the title sentence of d1 shares none.
        Assert.Equal(1.0, first.Configurations.Single(c => c.Name == "dense-sent").PerQuery.Single(q => q.QueryId == "q1").NdcgAt10, 6);
    }

    [Fact]
    public async Task Sentence_candidates_limit_the_embedded_sentences_to_the_hybrid_top_documents()
    {
        var all = new TextCountingEncoder();
        var top1 = new TextCountingEncoder();
        string[] recipes = ["rescore1:dense-sent:zsum:bm25+dense-prf"];

        await new EvaluationRunner(all).RunAsync(Toy(), options: new EvaluationOptions { Recipes = recipes });
        var report = await new EvaluationRunner(top1).RunAsync(Toy(), options: new EvaluationOptions { Recipes = recipes, SentenceCandidates = 1 });

        // Four chunks either way; a title and a text sentence per document: eight sentences, or two per top document.
        Assert.Equal(4 + 8, all.PassageTexts);
        Assert.InRange(top1.PassageTexts, 4 + 2, 4 + 4);
        Assert.All(report.Configurations, c => Assert.Equal(2, c.PerQuery.Count));
    }

    private sealed class TextCountingEncoder : ITextEncoder
    {
        private readonly HashingEncoder inner = new();

        public int PassageTexts { get; private set; }

        public List<string> Passages { get; } = [];

        public string ModelId => inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public int MaxTokens => inner.MaxTokens;

        public int CountTokens(string text) => inner.CountTokens(text);

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
        {
            PassageTexts += purpose == EmbeddingPurpose.Passage ? texts.Count : 0;
            if (purpose == EmbeddingPurpose.Passage)
            {
                Passages.AddRange(texts);
            }

            return inner.EmbedAsync(texts, purpose, cancellationToken);
        }
    }

    [Fact]
    public async Task Title_context_embeds_later_chunks_under_their_title_and_keeps_the_keyword_text()
    {
        var plain = new TextCountingEncoder();
        var titled = new TextCountingEncoder();
        static IReadOnlyList<string> Chunker(string text) => text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        var without = await new EvaluationRunner(plain).RunAsync(Toy(), Chunker);
        var with = await new EvaluationRunner(titled).RunAsync(Toy(), Chunker, options: new EvaluationOptions { TitleContext = true });

        Assert.Contains("Plants convert sunlight into chemical energy.", plain.Passages);
        Assert.Contains("Photosynthesis\nPlants convert sunlight into chemical energy.", titled.Passages);
        // The first chunk already starts with the title and is embedded as it is.
        Assert.Contains("Photosynthesis", titled.Passages);
        Assert.DoesNotContain("Photosynthesis\nPhotosynthesis", titled.Passages);
        Assert.Equal(without.Configurations[0].PerQuery.Select(q => q.NdcgAt10), with.Configurations[0].PerQuery.Select(q => q.NdcgAt10));
    }

    [Fact]
    public void Bigrams_pair_adjacent_analysed_terms_across_stop_words()
    {
        Assert.Equal("effect_vitamin vitamin_d d_defici", EvaluationSignals.Bigrams("The effects of vitamin D deficiency"));
        Assert.Equal(string.Empty, EvaluationSignals.Bigrams("vitamin"));
    }

    [Fact]
    public async Task A_bigram_signal_ranks_the_document_with_the_adjacent_pair_first()
    {
        var dataset = new BeirDataset(
            "pairs",
            [
                new BeirDocument("apart", "", "Cell walls protect the plant; a death of leaves follows drought."),
                new BeirDocument("adjacent", "", "Programmed cell death removes damaged tissue; walls and leaves are unaffected."),
            ],
            [new BeirQuery("q", "cell death")],
            new Dictionary<string, IReadOnlyDictionary<string, int>> { ["q"] = new Dictionary<string, int> { ["adjacent"] = 1 } });

        var report = await new EvaluationRunner(new HashingEncoder()).RunAsync(
            dataset, modes: [], options: new EvaluationOptions { Recipes = ["bm25-bigram", "bm25-bigram-doc"] });

        Assert.All(report.Configurations, c => Assert.Equal(1.0, c.MrrAt10, 12));
    }

    [Fact]
    public async Task An_unknown_signal_is_refused_before_anything_is_embedded()
    {
        var encoder = new HashingEncoder();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            new EvaluationRunner(encoder).RunAsync(Toy(), options: new EvaluationOptions { Recipes = ["rrf60:bm25+colbert"] }));
        Assert.Equal(0, encoder.Calls);
    }

    [Fact]
    public async Task A_second_run_with_the_cache_embeds_nothing_and_measures_the_same()
    {
        using var folder = new TempFolder("kh-eval-cache");
        var options = new EvaluationOptions { Cache = new VectorCache(folder.Path) };
        var first = await new EvaluationRunner(new HashingEncoder()).RunAsync(Toy(), options: options);
        var encoder = new HashingEncoder();

        var second = await new EvaluationRunner(encoder).RunAsync(Toy(), options: options);

        Assert.Equal(0, encoder.Calls);
        Assert.Equal(first.Configurations.Select(c => c.NdcgAt10), second.Configurations.Select(c => c.NdcgAt10));
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so the list is complete when the run returns.</summary>
    private sealed class SyncProgress(Action<(string Stage, int Done, int Total)> report) : IProgress<(string Stage, int Done, int Total)>
    {
        public void Report((string Stage, int Done, int Total) value) => report(value);
    }
}
