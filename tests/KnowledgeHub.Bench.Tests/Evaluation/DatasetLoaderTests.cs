using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Bench.Tests.Evaluation;

public class DatasetLoaderTests
{
    [SharedDataFact]
    public void Scifact_loads_5183_documents_and_300_evaluated_queries()
    {
        var scifact = BeirDataset.Load(SharedData.PathTo("datasets", "scifact"));

        Assert.Equal("scifact", scifact.Name);
        Assert.Equal(5183, scifact.Corpus.Count);
        Assert.Equal(300, scifact.Queries.Count);
        Assert.All(scifact.Queries, q => Assert.True(scifact.Qrels.ContainsKey(q.Id)));
        Assert.All(scifact.Corpus.Take(50), d => Assert.False(string.IsNullOrWhiteSpace(d.Text)));
        Assert.StartsWith(scifact.Corpus[0].Title + "\n\n", scifact.Corpus[0].FullText, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Cranfield_loads_1400_documents_and_numbers_queries_in_file_order()
    {
        var cranfield = CranfieldDataset.Load(SharedData.PathTo("datasets", "cranfield"));

        Assert.Equal(1400, cranfield.Corpus.Count);
        Assert.Equal("1", cranfield.Queries[0].Id);
        Assert.StartsWith("what similarity laws", cranfield.Queries[0].Text, StringComparison.Ordinal);
        Assert.True(cranfield.Queries.Count > 200);

        // qrel "1 184 2": code 2 (high relevance) becomes gain 3
        Assert.Equal(3, cranfield.Qrels["1"]["184"]);
        Assert.All(cranfield.Qrels.Values.SelectMany(j => j.Values), gain => Assert.InRange(gain, 1, 4));
    }

    [Fact]
    public void Beir_layout_with_a_plain_corpus_loads_and_keeps_only_judged_queries()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "corpus.jsonl"),
            """
            {"_id": "d1", "title": "Alpha", "text": "first text"}
            {"_id": "d2", "title": "", "text": "second text"}
            """);
        File.WriteAllText(Path.Combine(folder.Path, "queries.jsonl"),
            """
            {"_id": "q1", "text": "first?"}
            {"_id": "q2", "text": "unjudged?"}
            """);
        Directory.CreateDirectory(Path.Combine(folder.Path, "qrels"));
        File.WriteAllText(Path.Combine(folder.Path, "qrels", "test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");

        var dataset = BeirDataset.Load(folder.Path);

        Assert.Equal(2, dataset.Corpus.Count);
        Assert.Equal("Alpha\n\nfirst text", dataset.Corpus[0].FullText);
        Assert.Equal("second text", dataset.Corpus[1].FullText);
        Assert.Equal(["q1"], dataset.Queries.Select(q => q.Id));
        Assert.Equal(1, dataset.Qrels["q1"]["d1"]);
    }
}
