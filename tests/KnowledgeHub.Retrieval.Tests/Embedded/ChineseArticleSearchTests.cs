using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.TestSupport;
using static KnowledgeHub.TestSupport.TestChunks;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

public class ChineseArticleSearchTests
{
    [SharedDataFact]
    public async Task Keyword_search_for_fine_tuning_finds_the_paragraphs_about_it()
    {
        var path = Directory.GetFiles(SharedData.PathTo("documents", "zh"), "*.txt").Order(StringComparer.Ordinal).First();
        var paragraphs = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        using var index = EmbeddedIndex.Open(null, ModelId, Dimensions);
        await index.UpsertAsync(paragraphs.Select((text, i) => Make("zh-article", i, text, Unit(1, 1, 1, 1))).ToList());

        var hits = await index.SearchAsync(Keyword("微调", top: 5));

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Contains("微调", h.Chunk.Text, StringComparison.Ordinal));
    }
}
