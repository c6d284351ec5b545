using KnowledgeHub.Bench;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration;
using KnowledgeHub.TestSupport;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Bench.Tests;

public sealed class SquadDatasetTests
{
    // Two contexts, three answerable questions; numeric ids as in COVID-QA, string ids as in SQuAD.
    private const string TinySquad = """
        {
          "version": "v2.0",
          "data": [
            { "title": "lighthouses", "paragraphs": [ {
                "document_id": 7,
                "context": "Lighthouses warn ships away from dangerous rocks at night. The Eddystone lighthouse stands fourteen miles off Plymouth. Its present tower was completed in 1882 by James Douglass.",
                "qas": [
                  { "id": 1, "question": "When was the present Eddystone tower completed?", "answers": [ { "text": "completed in 1882 by James Douglass.", "answer_start": 140 } ], "is_impossible": false },
                  { "id": 2, "question": "Where does the Eddystone lighthouse stand?", "answers": [ { "text": "fourteen miles off Plymouth", "answer_start": 90 } ], "is_impossible": false },
                  { "id": 3, "question": "Who painted the tower?", "answers": [], "is_impossible": true }
                ] } ] },
            { "title": "bees", "paragraphs": [ {
                "context": "Honey bees communicate the direction of food with a waggle dance. The angle of the dance against vertical encodes the direction relative to the sun.",
                "qas": [
                  { "id": "bees-1", "question": "How do honey bees communicate the direction of food?", "answers": [ { "text": "with a waggle dance", "answer_start": 45 }, { "text": "  With a  waggle dance. " } ] }
                ] } ] }
          ]
        }
        """;

    [Fact]
    public void Loader_reads_contexts_questions_and_answers_and_leaves_out_unanswerable_questions()
    {
        using var folder = new TempFolder();
        var path = folder.File("tiny.json");
        File.WriteAllText(path, TinySquad);

        var dataset = SquadDataset.Load(path);

        Assert.Equal("tiny", dataset.Name);
        Assert.Equal(2, dataset.Contexts.Count);
        Assert.Equal(3, dataset.QuestionCount);
        Assert.Equal("7", dataset.Contexts[0].Id);
        Assert.Equal("2-1", dataset.Contexts[1].Id);
        Assert.Equal(["1", "2"], dataset.Contexts[0].Questions.Select(q => q.Id));
        Assert.Equal("bees-1", dataset.Contexts[1].Questions[0].Id);
        Assert.Equal(2, dataset.Contexts[1].Questions[0].Answers.Count);
        Assert.StartsWith("Lighthouses warn ships", dataset.Contexts[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_rejects_a_file_that_is_not_squad()
    {
        using var folder = new TempFolder();
        var path = folder.File("other.json");
        File.WriteAllText(path, """{ "rows": [] }""");

        Assert.Throws<ArgumentException>(() => SquadDataset.Load(path));
    }

    [Fact]
    public void Gold_answers_match_regardless_of_case_spacing_and_edge_punctuation()
    {
        var passage = AnswerMatching.Normalize("Its present tower was\n completed in 1882 by  James Douglass. More text.");

        Assert.Equal("completed in 1882 by james douglass", AnswerMatching.NormalizeGold(" (Completed in 1882 by James Douglass.) "));
        Assert.True(AnswerMatching.ContainsAny(passage, [AnswerMatching.NormalizeGold("completed in 1882 by James   Douglass. ")]));
        Assert.False(AnswerMatching.ContainsAny(passage, [AnswerMatching.NormalizeGold("completed in 1883")]));
        Assert.False(AnswerMatching.ContainsAny(passage, [AnswerMatching.NormalizeGold("...")]));
    }

    [Fact]
    public void Citation_markers_are_removed_so_a_gold_span_across_two_quoted_sentences_matches()
    {
        var answer = AnswerMatching.WithoutMarkers("Bees dance. [1] The angle encodes direction. [2, 3]");

        Assert.Equal("Bees dance. The angle encodes direction.", answer);
    }

    [Fact]
    public void A_quote_covers_its_sentence_when_it_holds_at_least_half_of_the_sentence_content_words()
    {
        Assert.True(AnswerMatching.QuoteCoversSentence("The tower was completed in 1882.", "The tower was completed by Douglass in 1882."));
        Assert.False(AnswerMatching.QuoteCoversSentence("Bees dance at dawn.", "The tower was completed by Douglass in 1882."));
        Assert.False(AnswerMatching.QuoteCoversSentence("Anything.", "It was the one."));
    }

    [Fact]
    public void Each_citation_is_paired_with_the_kept_sentence_that_cites_it()
    {
        var first = new SentenceSupport("Bees dance.", [1], 0.9, Supported: true);
        var dropped = new SentenceSupport("Bees sing.", [2], 0.1, Supported: false, Kept: false);
        var second = new SentenceSupport("The angle encodes direction.", [1], 0.3, Supported: false);
        var answer = new Answer(
            "Bees dance. [1] The angle encodes direction. [1]",
            [Cite(1, 0, "Bees dance."), Cite(1, 20, "The angle encodes direction.")],
            Found: true,
            AnswerService.ExtractiveGenerator,
            new AnswerUsage(0, 0, 0, 0),
            Sentences: [first, dropped, second]);

        var pairs = CitationPairs.Of(answer);

        Assert.Equal([first, second], pairs.Select(p => p.Sentence));
    }

    [Fact]
    public async Task Eval_qa_with_a_missing_file_answers_usage_error()
    {
        var code = await BenchCommandLine.RunAsync(["eval-qa", Path.Combine(Path.GetTempPath(), "kh-no-such-squad.json")]);

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Eval_qa_ingests_every_context_and_finds_the_gold_answers_in_the_retrieved_passages()
    {
        using var folder = new TempFolder();
        var path = folder.File("tiny.json");
        File.WriteAllText(path, TinySquad);
        var dataset = SquadDataset.Load(path);

        QaEvalReport report;
        IReadOnlyList<QaEvalFailure> failures;
        await using (var app = KnowledgeHubApp.CreateTool([$"--KnowledgeHub:DataPath={folder.File("data")}"]))
        {
            await app.Services.GetRequiredService<IDocumentStore>().InitializeAsync();
            (report, failures) = await EvalQaCommand.EvaluateAsync(app.Services, dataset, "qa", int.MaxValue, TextWriter.Null);
        }

        Assert.Equal(2, report.Contexts);
        Assert.Equal(3, report.Questions);
        Assert.Equal(0, report.FailedDocuments);
        Assert.True(report.Chunks >= 2);
        Assert.Equal(1.0, report.GoldInSomeChunk);
        Assert.Equal(1.0, report.GoldDocumentInTop);
        Assert.Equal(1.0, report.GoldInTop);
        Assert.Equal(0, report.CitationsNotRetrieved);
        Assert.InRange(report.GoldInAnswer, 0.0, 1.0);
        Assert.InRange(report.CitationPrecisionVerifier, 0.0, 1.0);
        Assert.All(failures, f => Assert.False(f.InTop && f.InAnswer && f.InCited));
        Assert.Contains("gold_in_top=1.0000", report.ToKeyValueLine(), StringComparison.Ordinal);
    }

    private static Citation Cite(int number, int start, string quote) =>
        new(number, "doc_x:v1:00000", "doc_x", "x.txt", null, start, start + quote.Length, quote);
}
