using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Evaluation;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Retrieval.Tests.Evaluation;

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
