namespace KnowledgeHub.Infra.Relational;

/// <summary>How a shared statement's argument is typed, so each store binds it the way its database expects.</summary>
public enum SqlValueKind
{
    Text,
    Number,
    BigInt,
    Real,
    Boolean,
    Timestamp,
    Json,
}

/// <summary>
/// One named argument of a statement built here; the name has no marker. A null value binds as NULL of the kind's
/// type (PostgreSQL cannot infer the type of a bare NULL inside COALESCE and CASE).
/// </summary>
public readonly record struct SqlArgument(string Name, SqlValueKind Kind, object? Value)
{
    public static SqlArgument Text(string name, string? value) => new(name, SqlValueKind.Text, value);

    public static SqlArgument Number(string name, int? value) => new(name, SqlValueKind.Number, value);

    public static SqlArgument BigInt(string name, long value) => new(name, SqlValueKind.BigInt, value);

    public static SqlArgument Real(string name, double value) => new(name, SqlValueKind.Real, value);

    public static SqlArgument Boolean(string name, bool value) => new(name, SqlValueKind.Boolean, value);

    public static SqlArgument Timestamp(string name, DateTimeOffset value) => new(name, SqlValueKind.Timestamp, value);

    public static SqlArgument Json(string name, string value) => new(name, SqlValueKind.Json, value);
}
