using System.Text.Json;

namespace KnowledgeHub.Retrieval.Metadata;

/// <summary>
/// The filter grammar of search, ask and chat: a JSON object whose keys are metadata keys, AND-combined. A value is an
/// equality (string, number, boolean, ISO date; on an array key, "holds"), an object of <c>gte</c>/<c>gt</c>/<c>lte</c>/<c>lt</c>
/// bounds (numbers, or ISO dates on a date key), or <c>{ "any": [..] }</c> (strings; on an array key, "holds one of").
/// </summary>
public static class MetadataFilters
{
    public const int MaxAnyValues = 1000;

    /// <param name="schema">The tenant's metadata keys and their types; a key outside it is refused.</param>
    /// <exception cref="ArgumentException">An unknown key or a value of the wrong type; the message names the key.</exception>
    public static IReadOnlyList<MetadataCondition> Parse(JsonElement filter, IReadOnlyDictionary<string, MetadataType> schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (filter.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (filter.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("'filter' must be a JSON object of metadata keys.", nameof(filter));
        }

        var conditions = new List<MetadataCondition>();
        foreach (var property in filter.EnumerateObject())
        {
            var key = property.Name;
            if (!schema.TryGetValue(key, out var type))
            {
                throw new ArgumentException($"'filter' names the metadata key '{key}', which no document of this tenant has.", nameof(filter));
            }

            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                conditions.AddRange(ParseObject(key, type, property.Value));
            }
            else
            {
                conditions.Add(new MetadataCondition(key, type, MetadataOperator.Equal, Scalar(key, type, property.Value)));
            }
        }

        return conditions;
    }

    private static List<MetadataCondition> ParseObject(string key, MetadataType type, JsonElement value)
    {
        var conditions = new List<MetadataCondition>();
        foreach (var part in value.EnumerateObject())
        {
            switch (part.Name)
            {
                case "any":
                    if (type is not (MetadataType.Text or MetadataType.TextList))
                    {
                        throw WrongType(key, type, "'any' (strings)");
                    }

                    if (part.Value.ValueKind != JsonValueKind.Array || part.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String)
                        || part.Value.GetArrayLength() > MaxAnyValues)
                    {
                        throw new ArgumentException($"'filter.{key}.any' must be an array of at most {MaxAnyValues} strings.", nameof(value));
                    }

                    conditions.Add(new MetadataCondition(key, type, MetadataOperator.Any, Any: [.. part.Value.EnumerateArray().Select(v => v.GetString()!)]));
                    break;
                case "gte" or "gt" or "lte" or "lt":
                    if (type is not (MetadataType.Number or MetadataType.Date))
                    {
                        throw WrongType(key, type, $"'{part.Name}' (a number or an ISO date)");
                    }

                    var op = part.Name switch
                    {
                        "gte" => MetadataOperator.GreaterOrEqual,
                        "gt" => MetadataOperator.Greater,
                        "lte" => MetadataOperator.LessOrEqual,
                        _ => MetadataOperator.Less,
                    };
                    conditions.Add(new MetadataCondition(key, type, op, Scalar(key, type, part.Value)));
                    break;
                default:
                    throw new ArgumentException($"'filter.{key}' has '{part.Name}'; use 'gte', 'gt', 'lte', 'lt' or 'any'.", nameof(value));
            }
        }

        return conditions.Count > 0 ? conditions : throw new ArgumentException($"'filter.{key}' is an empty object.", nameof(value));
    }

    private static MetadataValue Scalar(string key, MetadataType type, JsonElement value)
    {
        switch (type)
        {
            case MetadataType.Text or MetadataType.TextList when value.ValueKind == JsonValueKind.String:
                return MetadataValue.OfString(value.GetString()!);
            case MetadataType.Number when value.ValueKind == JsonValueKind.Number:
                return MetadataValue.OfNumber(value.GetDouble());
            case MetadataType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return MetadataValue.OfBoolean(value.GetBoolean());
            case MetadataType.Date when value.ValueKind == JsonValueKind.String && DocumentMetadata.TryParseDate(value.GetString()!, out var date):
                return MetadataValue.OfDate(date);
            default:
                throw WrongType(key, type, value.ValueKind.ToString().ToLowerInvariant());
        }
    }

    private static ArgumentException WrongType(string key, MetadataType type, string given) =>
        new($"'filter.{key}': the metadata key '{key}' holds {Describe(type)}, which cannot be compared with {given}.", nameof(key));

    private static string Describe(MetadataType type) => type switch
    {
        MetadataType.Text => "strings",
        MetadataType.Number => "numbers",
        MetadataType.Boolean => "booleans",
        MetadataType.Date => "ISO dates",
        _ => "arrays of strings",
    };
}
