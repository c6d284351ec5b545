using System.Text.Json;
using KnowledgeHub.Retrieval.Metadata;

namespace KnowledgeHub.Retrieval.Tests.Metadata;

public class MetadataFiltersTests
{
    private static readonly Dictionary<string, MetadataType> Schema = new(StringComparer.Ordinal)
    {
        ["department"] = MetadataType.Text,
        ["year"] = MetadataType.Number,
        ["published"] = MetadataType.Date,
        ["region"] = MetadataType.TextList,
        ["confidential"] = MetadataType.Boolean,
    };

    [Fact]
    public void The_documented_example_parses_into_and_combined_conditions()
    {
        var conditions = Parse("""{ "department": "legal", "year": { "gte": 2023, "lt": 2026 }, "region": { "any": ["eu", "uk"] }, "published": { "gte": "2025-01-01" } }""");

        Assert.Equal(
            [
                ("department", MetadataOperator.Equal), ("year", MetadataOperator.GreaterOrEqual), ("year", MetadataOperator.Less),
                ("region", MetadataOperator.Any), ("published", MetadataOperator.GreaterOrEqual),
            ],
            conditions.Select(c => (c.Key, c.Operator)));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), conditions[^1].Value!.Date);
        var document = DocumentMetadata.Parse("""{ "department": "legal", "year": 2024, "region": ["uk"], "published": "2025-02-03T10:00:00Z" }""");
        Assert.True(MetadataCondition.All(conditions, document));
        Assert.False(MetadataCondition.All(conditions, DocumentMetadata.Parse("""{ "department": "legal", "year": 2026, "region": ["uk"], "published": "2025-02-03" }""")));
    }

    [Theory]
    [InlineData("""{ "owner": "x" }""", "owner")]
    [InlineData("""{ "year": "2024" }""", "year")]
    [InlineData("""{ "department": { "gte": 3 } }""", "department")]
    [InlineData("""{ "year": { "any": ["a"] } }""", "year")]
    [InlineData("""{ "published": "last week" }""", "published")]
    [InlineData("""{ "confidential": "yes" }""", "confidential")]
    public void An_unknown_key_or_a_wrong_type_is_refused_naming_the_key(string filter, string key)
    {
        var error = Assert.Throws<ArgumentException>(() => Parse(filter));

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_with_too_many_keys_or_an_unsupported_value_is_refused()
    {
        var tooMany = "{" + string.Join(",", Enumerable.Range(0, 33).Select(i => $"\"k{i}\": 1")) + "}";

        Assert.Throws<ArgumentException>(() => DocumentMetadata.Parse(tooMany));
        Assert.Contains("'nested'", Assert.Throws<ArgumentException>(() => DocumentMetadata.Parse("""{ "nested": { "a": 1 } }""")).Message, StringComparison.Ordinal);
        Assert.Equal(MetadataType.Date, DocumentMetadata.Parse("""{ "d": "2024-05-01" }""")["d"].Type);
        Assert.Equal(MetadataType.Text, DocumentMetadata.Parse("""{ "d": "2024-05" }""")["d"].Type);
    }

    private static IReadOnlyList<MetadataCondition> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return MetadataFilters.Parse(document.RootElement, Schema);
    }
}
