using System.Globalization;

namespace KnowledgeHub.Retrieval.Metadata;

/// <summary>The kinds of value a metadata key holds. A key has one kind per tenant (the first document to use it decides).</summary>
public enum MetadataType
{
    Text,
    Number,
    Boolean,

    /// <summary>An ISO 8601 date or date-time, compared as an instant (a date alone is midnight UTC).</summary>
    Date,

    /// <summary>An array of strings.</summary>
    TextList,
}

/// <summary>One metadata value of a document: a string, number, boolean, ISO date or array of strings.</summary>
public sealed record MetadataValue
{
    private MetadataValue(MetadataType type) => Type = type;

    public MetadataType Type { get; }

    public string? Text { get; private init; }

    public double Number { get; private init; }

    public bool Flag { get; private init; }

    public DateTimeOffset Date { get; private init; }

    public IReadOnlyList<string> Items { get; private init; } = [];

    public static MetadataValue OfString(string text) => new(MetadataType.Text) { Text = text };

    public static MetadataValue OfNumber(double number) => new(MetadataType.Number) { Number = number };

    public static MetadataValue OfBoolean(bool flag) => new(MetadataType.Boolean) { Flag = flag };

    public static MetadataValue OfDate(DateTimeOffset date) => new(MetadataType.Date) { Date = date.ToUniversalTime() };

    public static MetadataValue OfArray(IReadOnlyList<string> items) => new(MetadataType.TextList) { Items = items };

    /// <summary>Numbers and dates on one axis, for ranges: the number itself, or the date's UTC ticks.</summary>
    public double Ordinal => Type == MetadataType.Date ? Date.UtcTicks : Number;

    /// <summary>The value as the API shows it: ISO dates as text, arrays as arrays.</summary>
    public object Shown => Type switch
    {
        MetadataType.Text => Text!,
        MetadataType.Number => Number,
        MetadataType.Boolean => Flag,
        MetadataType.Date => Date.ToString(Date.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        _ => Items,
    };

    public bool Equals(MetadataValue? other) =>
        other is not null && Type == other.Type && string.Equals(Text, other.Text, StringComparison.Ordinal) && Number.Equals(other.Number)
        && Flag == other.Flag && Date == other.Date && Items.SequenceEqual(other.Items, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Type, Text, Number, Flag, Date, Items.Count);
}
