using System.Reflection;

namespace KnowledgeHub.Infra.Sqlite;

/// <summary>
/// The schema as numbered steps in Migrations/*.sql, embedded like PostgreSQL's: 0001 creates the version-1 tables
/// idempotently and runs at every start (outside a transaction, since it sets the journal mode); every later step
/// runs once, in a transaction, and sets PRAGMA user_version to its number itself, so a step that fails leaves the
/// previous version. SQLite is single-host, so no lock is needed.
/// </summary>
internal static class SqliteSchema
{
    private const string ResourcePrefix = "KnowledgeHub.Infra.Sqlite.Migrations.";

    /// <summary>The steps in order: (version, SQL). The first is the idempotent create.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Steps { get; } = Load();

    private static List<(int Version, string Sql)> Load()
    {
        var assembly = typeof(SqliteSchema).Assembly;
        var steps = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Version: int.Parse(n.AsSpan(ResourcePrefix.Length, 4), System.Globalization.CultureInfo.InvariantCulture), Sql: Read(assembly, n)))
            .OrderBy(s => s.Version)
            .ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Version != i + 1)
            {
                throw new InvalidOperationException($"The SQLite schema steps are not numbered 1 to {steps.Count} without gaps (found {steps[i].Version} at position {i + 1}).");
            }
        }

        return steps;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
