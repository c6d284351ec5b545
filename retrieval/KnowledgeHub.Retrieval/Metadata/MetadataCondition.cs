namespace KnowledgeHub.Retrieval.Metadata;

/// <summary>The comparisons a metadata filter makes on one key.</summary>
public enum MetadataOperator
{
    /// <summary>Equal; on an array, the array holds the value.</summary>
    Equal,
    GreaterOrEqual,
    Greater,
    LessOrEqual,
    Less,

    /// <summary>The string is one of <see cref="MetadataCondition.Any"/>; on an array, the array holds one of them.</summary>
    Any,
}

/// <summary>One comparison on one metadata key; a filter is the AND of its conditions. A document without the key never matches.</summary>
/// <param name="Type">The key's type in the tenant (what the index stores it as).</param>
/// <param name="Value">The compared value for every operator but <see cref="MetadataOperator.Any"/>.</param>
/// <param name="Any">The strings of an <see cref="MetadataOperator.Any"/> condition.</param>
public sealed record MetadataCondition(string Key, MetadataType Type, MetadataOperator Operator, MetadataValue? Value = null, IReadOnlyList<string>? Any = null)
{
    public bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(Key, out var actual) || actual.Type != Type)
        {
            return false;
        }

        return Operator switch
        {
            MetadataOperator.Any => actual.Type == MetadataType.TextList
                ? actual.Items.Any(i => Any!.Contains(i, StringComparer.Ordinal))
                : Any!.Contains(actual.Text, StringComparer.Ordinal),
            MetadataOperator.Equal => actual.Type switch
            {
                MetadataType.TextList => actual.Items.Contains(Value!.Text, StringComparer.Ordinal),
                MetadataType.Text => string.Equals(actual.Text, Value!.Text, StringComparison.Ordinal),
                MetadataType.Boolean => actual.Flag == Value!.Flag,
                _ => Compare(actual, Value!) == 0,
            },
            MetadataOperator.GreaterOrEqual => Compare(actual, Value!) >= 0,
            MetadataOperator.Greater => Compare(actual, Value!) > 0,
            MetadataOperator.LessOrEqual => Compare(actual, Value!) <= 0,
            _ => Compare(actual, Value!) < 0,
        };
    }

    // Dates compare by their exact UTC ticks, numbers as doubles.
    private static int Compare(MetadataValue actual, MetadataValue wanted) =>
        actual.Type == MetadataType.Date ? actual.Date.UtcTicks.CompareTo(wanted.Date.UtcTicks) : actual.Number.CompareTo(wanted.Number);

    public static bool All(IReadOnlyList<MetadataCondition> conditions, IReadOnlyDictionary<string, MetadataValue>? metadata) =>
        conditions.All(c => c.Matches(metadata));
}
