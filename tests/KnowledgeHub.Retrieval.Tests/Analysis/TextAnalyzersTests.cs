using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Retrieval.Tests.Analysis;

public class TextAnalyzersTests
{
    [Fact]
    public void English_text_is_lower_cased_and_porter_stemmed()
    {
        var terms = TextAnalyzers.Analyze("Running dogs RUNS");

        Assert.Equal(["run", "dog", "run"], terms);
    }

    [Fact]
    public void English_stop_words_are_dropped()
    {
        var terms = TextAnalyzers.Analyze("the model of a system is in the index");

        Assert.DoesNotContain("the", terms);
        Assert.DoesNotContain("of", terms);
        Assert.DoesNotContain("a", terms);
        Assert.DoesNotContain("is", terms);
        Assert.Contains("model", terms);
        Assert.Contains("index", terms);
    }

    [Fact]
    public void Chinese_text_is_segmented_into_multi_character_words()
    {
        var terms = TextAnalyzers.Analyze("预训练模型需要微调");

        Assert.True(terms.Count(t => t.Length >= 2) >= 2, $"terms: {string.Join(" | ", terms)}");
        Assert.True(terms.Contains("微调") || terms.Contains("训练"), $"terms: {string.Join(" | ", terms)}");
        Assert.Contains("模型", terms);
    }

    [Fact]
    public void Mixed_chinese_and_english_text_yields_terms_of_both()
    {
        var terms = TextAnalyzers.Analyze("GPT模型的fine-tuning");

        Assert.Contains("gpt", terms);
        Assert.Contains("模型", terms);
        Assert.Contains("fine", terms);
        Assert.Contains("tune", terms);
    }

    [Theory]
    [InlineData("plain English text", false)]
    [InlineData("含有中文", true)]
    [InlineData("mixed 模型 text", true)]
    [InlineData("日本語のかな", true)]
    [InlineData("", false)]
    public void Text_with_ideographs_is_routed_to_the_chinese_analyzer(string text, bool chinese)
    {
        Assert.Equal(chinese, CjkText.ContainsIdeographs(text));
        Assert.Same(chinese ? TextAnalyzers.Chinese : TextAnalyzers.English, TextAnalyzers.For(text));
    }

    [Fact]
    public void Empty_and_punctuation_only_text_yields_no_terms()
    {
        Assert.Empty(TextAnalyzers.Analyze(string.Empty));
        Assert.Empty(TextAnalyzers.Analyze("?!... --"));
    }
}
