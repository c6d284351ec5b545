using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeHub.Infra.Postgres;

/// <summary>How a <see cref="DocumentRecord"/> maps onto the documents table.</summary>
internal static class DocumentRows
{
    public const string Columns = DocumentColumns.Documents;

    public static readonly string Parameters = DocumentColumns.DocumentParameters(SqlDialect.Postgres);

    public static DocumentRecord Read(NpgsqlDataReader reader) =>
        DocumentColumns.ReadDocument(reader, static (r, i) => r.GetFieldValue<DateTimeOffset>(i));

    public static void Bind(NpgsqlCommand command, IEnumerable<SqlArgument> arguments) =>
        command.Parameters.AddRange(arguments.Select(Parameter).ToArray());

    /// <summary>A shared statement's argument as a typed Npgsql parameter.</summary>
    public static NpgsqlParameter Parameter(SqlArgument argument) => argument.Kind switch
    {
        SqlValueKind.Text => Text(argument.Name, (string?)argument.Value),
        SqlValueKind.Number => Integer(argument.Name, (int?)argument.Value),
        SqlValueKind.BigInt => new NpgsqlParameter<long>(argument.Name, (long)argument.Value!),
        SqlValueKind.Real => new NpgsqlParameter<double>(argument.Name, (double)argument.Value!),
        SqlValueKind.Boolean => new NpgsqlParameter<bool>(argument.Name, (bool)argument.Value!),
        SqlValueKind.Timestamp => Timestamp(argument.Name, (DateTimeOffset)argument.Value!),
        SqlValueKind.Json => new NpgsqlParameter(argument.Name, NpgsqlDbType.Json) { Value = argument.Value ?? DBNull.Value },
        _ => throw new ArgumentOutOfRangeException(nameof(argument), argument.Kind, null),
    };

    // Typed parameters: a bare DBNull gives PostgreSQL no type to infer inside COALESCE and CASE.
    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Integer(string name, int? value) =>
        new(name, NpgsqlDbType.Integer) { Value = (object?)value ?? DBNull.Value };

    // timestamptz accepts only UTC offsets from Npgsql; the instant is what is stored either way.
    public static NpgsqlParameter Timestamp(string name, DateTimeOffset value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value.ToUniversalTime() };
}
