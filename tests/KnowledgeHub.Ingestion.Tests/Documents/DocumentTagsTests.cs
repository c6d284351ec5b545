using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Ingestion.Tests.Documents;

public sealed class DocumentTagsTests
{
    [Fact]
    public void Tags_are_split_on_commas_trimmed_and_deduplicated_in_order() =>
        Assert.Equal(["eu", "Contracts", "contracts", "2026"], DocumentTags.Normalize(["eu, Contracts", " contracts ", "eu", "", "2026,,"]));

    [Fact]
    public void Too_many_or_too_long_tags_are_rejected_with_the_limit()
    {
        var many = Assert.Throws<ArgumentException>(() => DocumentTags.Normalize([string.Join(',', Enumerable.Range(0, 21))]));
        var longTag = Assert.Throws<ArgumentException>(() => DocumentTags.Normalize([new string('x', 65)]));

        Assert.StartsWith("A document carries at most 20 tags; 21 were given.", many.Message, StringComparison.Ordinal);
        Assert.Contains("longer than 64 characters", longTag.Message, StringComparison.Ordinal);
    }
}
