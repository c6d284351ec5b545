using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Bench.Tests.Evaluation;

public sealed class CollectionEvaluatorTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Own_collection_is_scored_per_document_from_the_expected_file_names_and_ids()
    {
        var encoder = new HashingEncoder();
        using var index = EmbeddedIndex.Open(null, HashingEncoder.Id, encoder.Dimensions);
        var texts = new Dictionary<string, string[]>
        {
            ["refunds"] = ["Refunds are paid within fourteen days of the return.", "A refund needs the original receipt."],
            ["holidays"] = ["Employees take twenty-five holiday days a year."],
            ["warranty"] = ["The warranty covers defects for two years."],
        };
        var chunks = new List<IndexedChunk>();
        foreach (var (document, parts) in texts)
        {
            var vectors = await encoder.EmbedAsync(parts, EmbeddingPurpose.Passage);
            chunks.AddRange(parts.Select((text, i) => new IndexedChunk(
                ChunkId.For(document, 1, i), "t1", "policies", document, 1, document + ".txt", null, i, text, null, vectors[i])));
        }

        await index.UpsertAsync(chunks);
        var questions = new[]
        {
            new EvaluationQuestion("q1", "how many holiday days do employees take", ["holidays.txt"]),
            new EvaluationQuestion("q2", "refund receipt", ["refunds"]),
        };

        var report = await new CollectionEvaluator(new HybridRetriever(encoder, index)).RunAsync(
            "mine", questions, new SearchFilter("t1", "policies"), Resolve, [SearchMode.Keyword], encoder.ModelId, texts.Count);

        var row = Assert.Single(report.Configurations);
        Assert.Equal(["q1", "q2"], row.PerQuery.Select(q => q.QueryId));

        // Both expected documents rank first; two chunks of "refunds" count once.
        Assert.All(row.PerQuery, q => Assert.Equal(1.0, q.MrrAt10));
        Assert.Equal(1.0, row.NdcgAt10);
        Assert.Equal(2, report.Queries);

        static IReadOnlyCollection<string> Resolve(string expected) =>
            expected.EndsWith(".txt", StringComparison.Ordinal) ? [expected[..^4]] : [expected];
    }

    [Fact]
    public async Task Tuning_adds_one_hybrid_row_per_fusion_setting_and_applies_each()
    {
        var encoder = new HashingEncoder();
        using var index = EmbeddedIndex.Open(null, HashingEncoder.Id, encoder.Dimensions);
        string[] texts = ["pump seals leak under pressure", "the pump motor overheats", "seals are replaced yearly", "the office opens at nine"];
        var vectors = await encoder.EmbedAsync(texts, EmbeddingPurpose.Passage);
        await index.UpsertAsync([.. texts.Select((t, i) => new IndexedChunk(ChunkId.For($"d{i}", 1, 0), "t1", "c", $"d{i}", 1, $"d{i}.txt", null, 0, t, null, vectors[i]))]);
        EvaluationQuestion[] questions = [new("q1", "pump seals", ["d0"]), new("q2", "motor overheats", ["d1"]), new("q3", "when does the office open", ["d3"])];
        Retrieval.Fusion.FusionSettings[] fusions = [new() { DenseWeight = 0, DenseFeedbackChunks = 0 }, new() { Method = "rrf", RrfK = 10 }];

        var report = await new CollectionEvaluator(new HybridRetriever(encoder, index)).RunAsync(
            "mine", questions, new SearchFilter("t1", "c"), id => [id], [SearchMode.Keyword, SearchMode.Hybrid], encoder.ModelId, texts.Length, fusions);

        Assert.Equal(
            ["bm25", "hybrid", "hybrid zscore:keyword*1+dense*0, feedback 0", "hybrid rrf10:keyword*1+dense*1, feedback 3"],
            report.Configurations.Select(c => c.Name));
        Assert.All(report.Configurations.Skip(1), c => Assert.Equal(SearchMode.Hybrid, c.Mode));

        // Keyword weight alone ranks as keyword search does.
        Assert.Equal(
            report.Configurations[0].PerQuery.Select(q => q.MrrAt10),
            report.Configurations[2].PerQuery.Select(q => q.MrrAt10));
        Assert.Equal(1.0, report.Configurations[2].MrrAt10);
    }

    [Fact]
    public void The_tuning_grid_holds_the_defaults_and_the_measured_covidqa_setting()
    {
        var grid = CollectionEvaluator.TuningGrid.Select(f => f.ToString()).ToList();

        Assert.Contains(new Retrieval.Fusion.FusionSettings().ToString(), grid);
        Assert.Contains("zscore:keyword*2.5+dense*1, feedback 0", grid);
        Assert.Equal(grid.Count, grid.Distinct().Count());
    }

    [Fact]
    public async Task Expected_document_that_is_not_in_the_collection_is_named_in_the_error()
    {
        var encoder = new HashingEncoder();
        using var index = EmbeddedIndex.Open(null, HashingEncoder.Id, encoder.Dimensions);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new CollectionEvaluator(new HybridRetriever(encoder, index)).RunAsync(
            "mine", [new EvaluationQuestion("q7", "anything", ["missing.pdf"])], new SearchFilter("t1"), _ => [], [SearchMode.Keyword], encoder.ModelId, 0));

        Assert.Equal("Question 'q7' expects 'missing.pdf', which is neither a file name nor a document id in the collection.", error.Message);
    }

    [Fact]
    public void Question_file_reads_ids_single_or_many_expected_and_skips_comments()
    {
        var path = folder.File("questions.jsonl");
        File.WriteAllLines(path,
        [
            "# my questions",
            """{"id": "a", "question": "what is the refund period", "expected": "refunds.pdf"}""",
            string.Empty,
            """{"question": "who approves holidays", "expected": ["holidays.docx", "d-123"]}""",
        ]);

        var questions = QuestionSet.Load(path);

        Assert.Equal(2, questions.Count);
        Assert.Equal(new EvaluationQuestion("a", "what is the refund period", ["refunds.pdf"]).Question, questions[0].Question);
        Assert.Equal(["refunds.pdf"], questions[0].Expected);
        Assert.Equal("q4", questions[1].Id);
        Assert.Equal(["holidays.docx", "d-123"], questions[1].Expected);
    }

    [Theory]
    [InlineData("""{"question": "no expectations"}""", "line 1: it needs a non-empty \"question\" and at least one \"expected\"")]
    [InlineData("""{"expected": ["a.pdf"]}""", "line 1: it has no \"question\" string")]
    [InlineData("""{"question": "broken", """, "line 1: it is not valid JSON")]
    public void Malformed_question_line_is_reported_with_its_line_number(string line, string expected)
    {
        var path = folder.File("bad.jsonl");
        File.WriteAllText(path, line);

        var error = Assert.Throws<ArgumentException>(() => QuestionSet.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
