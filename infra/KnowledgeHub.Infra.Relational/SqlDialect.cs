namespace KnowledgeHub.Infra.Relational;

/// <summary>
/// What differs between the relational databases in the SQL the stores share: parameter markers, case-insensitive
/// matching, the type COUNT returns and how a JSON column reads back as text.
/// </summary>
public sealed class SqlDialect(char parameterPrefix, string caseInsensitiveLike, string integerCount, string jsonSuffix, string jsonArrayHasAny)
{
    // LIKE is case-insensitive for ASCII in SQLite; COUNT(*) and JSON kept as TEXT read back as they are.
    public static readonly SqlDialect Sqlite = new('$', "LIKE", "COUNT(*)", jsonSuffix: "", "EXISTS (SELECT 1 FROM json_each({0}) WHERE value IN ({1}))");

    // PostgreSQL's LIKE is case-sensitive and COUNT(*) is bigint; the stores read counts as int and json as text.
    public static readonly SqlDialect Postgres = new('@', "ILIKE", "COUNT(*)::integer", jsonSuffix: "::text", "{0}::jsonb ?| ARRAY[{1}]::text[]");

    /// <summary>The operator that matches a LIKE pattern regardless of ASCII case.</summary>
    public string CaseInsensitiveLike => caseInsensitiveLike;

    /// <summary>A row count that reads back as a 32-bit integer.</summary>
    public string IntegerCount => integerCount;

    /// <summary>The marker for parameter <paramref name="name"/> in SQL text.</summary>
    public string Parameter(string name) => parameterPrefix + name;

    /// <summary>Markers for <paramref name="names"/>, comma-separated, as in a VALUES list.</summary>
    public string Parameters(IEnumerable<string> names) => string.Join(", ", names.Select(Parameter));

    /// <summary>True when the JSON array of strings kept as text in <paramref name="column"/> holds one of the parameters' values.</summary>
    public string JsonArrayHasAny(string column, IEnumerable<string> parameterNames) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, jsonArrayHasAny, column, Parameters(parameterNames));

    /// <summary>A JSON column as text in a select list.</summary>
    public string JsonAsText(string column) => column + jsonSuffix;
}
