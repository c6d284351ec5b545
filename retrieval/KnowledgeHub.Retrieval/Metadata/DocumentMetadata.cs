using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KnowledgeHub.Retrieval.Metadata;

/// <summary>
/// A document's typed metadata: a JSON object of up to <see cref="MaxKeys"/> keys whose values are strings, numbers,
/// booleans, ISO dates (strings that read as one) or arrays of strings. Parsed once at upload or PATCH, kept as JSON.
/// </summary>
public static partial class DocumentMetadata
{
    public const int MaxKeys = 32;
    public const int MaxStringLength = 1024;
    public const int MaxArrayItems = 64;

    public static readonly IReadOnlyDictionary<string, MetadataValue> Empty = new Dictionary<string, MetadataValue>(StringComparer.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$")]
    private static partial Regex IsoDate();

    /// <summary>Parses the JSON text of a metadata object.</summary>
    /// <exception cref="ArgumentException">Not a JSON object, too many keys, a bad key name, or a value of no supported type; the message names the key.</exception>
    public static IReadOnlyDictionary<string, MetadataValue> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"'metadata' is not valid JSON: {ex.Message}", nameof(json), ex);
        }
    }

    public static IReadOnlyDictionary<string, MetadataValue> Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("'metadata' must be a JSON object of keys and values.", nameof(element));
        }

        var result = new Dictionary<string, MetadataValue>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!KeyPattern().IsMatch(property.Name))
            {
                throw new ArgumentException($"The metadata key '{Shorten(property.Name)}' must be 1 to 64 letters, digits, '_' or '-'.", nameof(element));
            }

            result[property.Name] = ParseValue(property.Name, property.Value);
        }

        return result.Count <= MaxKeys ? result : throw new ArgumentException($"'metadata' holds at most {MaxKeys} keys; {result.Count} were given.", nameof(element));
    }

    /// <summary>A string that reads as an ISO 8601 date or date-time, as an instant (a date alone, or no offset: UTC).</summary>
    public static bool TryParseDate(string text, out DateTimeOffset date)
    {
        date = default;
        return IsoDate().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);
    }

    public static string? ToJson(IReadOnlyDictionary<string, MetadataValue>? metadata) =>
        metadata is not { Count: > 0 } ? null : JsonSerializer.Serialize(metadata.ToDictionary(p => p.Key, p => p.Value.Shown, StringComparer.Ordinal));

    /// <summary>The value as the API shows it, for DTOs.</summary>
    public static IReadOnlyDictionary<string, object>? Shown(IReadOnlyDictionary<string, MetadataValue>? metadata) =>
        metadata is not { Count: > 0 } ? null : metadata.ToDictionary(p => p.Key, p => p.Value.Shown, StringComparer.Ordinal);

    private static MetadataValue ParseValue(string key, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length > MaxStringLength)
                {
                    throw new ArgumentException($"The metadata value of '{key}' is longer than {MaxStringLength} characters.", nameof(value));
                }

                return TryParseDate(text, out var date) ? MetadataValue.OfDate(date) : MetadataValue.OfString(text);
            case JsonValueKind.Number:
                return MetadataValue.OfNumber(value.GetDouble());
            case JsonValueKind.True:
            case JsonValueKind.False:
                return MetadataValue.OfBoolean(value.GetBoolean());
            case JsonValueKind.Array:
                var items = new List<string>();
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || item.GetString()!.Length > MaxStringLength)
                    {
                        throw new ArgumentException($"The metadata array '{key}' may hold only strings of up to {MaxStringLength} characters.", nameof(value));
                    }

                    items.Add(item.GetString()!);
                }

                return items.Count <= MaxArrayItems
                    ? MetadataValue.OfArray(items)
                    : throw new ArgumentException($"The metadata array '{key}' holds more than {MaxArrayItems} items.", nameof(value));
            default:
                throw new ArgumentException($"The metadata value of '{key}' must be a string, number, boolean, ISO date or array of strings.", nameof(value));
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
