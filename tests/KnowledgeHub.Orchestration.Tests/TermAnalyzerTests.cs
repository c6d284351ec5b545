using KnowledgeHub.Orchestration.Text;

namespace KnowledgeHub.Orchestration.Tests;

public sealed class TermAnalyzerTests
{
    [Fact]
    public void Lowercases_drops_stop_words_and_punctuation()
    {
        Assert.Equal(["model", "train"], TermAnalyzer.Analyze("The Models were trained!"));
        Assert.Empty(TermAnalyzer.Analyze("what is the, and of?"));
    }

    [Theory]
    [InlineData("stores", "stored", "storing")]
    [InlineData("trains", "trained", "training")]
    [InlineData("makes", "make", "making")]
    [InlineData("queries", "query", "query's")]
    public void Inflections_of_a_word_meet_at_one_stem(string a, string b, string c)
    {
        Assert.Equal(TermAnalyzer.Analyze(a), TermAnalyzer.Analyze(b));
        Assert.Equal(TermAnalyzer.Analyze(a), TermAnalyzer.Analyze(c));
    }

    [Fact]
    public void Turns_Chinese_runs_into_bigrams_without_particles()
    {
        Assert.Equal(["检索", "索增", "增强"], TermAnalyzer.Analyze("检索增强的"));
    }
}
