using KnowledgeHub.Retrieval.Rescoring;

namespace KnowledgeHub.Retrieval.Tests.Rescoring;

public class PassageSentenceSplitterTests
{
    [Fact]
    public void English_sentences_split_at_their_ends_but_not_at_abbreviations_or_decimals()
    {
        Assert.Equal(
            ["Doses of 3.5 mg were given, e.g. to mice.", "Survival rose!", "Was it the drug?"],
            PassageSentenceSplitter.Split("Doses of 3.5 mg were given, e.g. to mice. Survival rose! Was it the drug?"));
    }

    [Fact]
    public void Chinese_full_width_ends_split_without_spaces()
    {
        Assert.Equal(["今天下雨。", "你去吗？", "去！"], PassageSentenceSplitter.Split("今天下雨。你去吗？去！"));
    }
}
