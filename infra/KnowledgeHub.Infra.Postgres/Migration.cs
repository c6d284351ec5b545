using System.Globalization;
using System.Reflection;

namespace KnowledgeHub.Infra.Postgres;

/// <summary>A numbered SQL script embedded in this assembly (Migrations/NNNN_name.sql).</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "KnowledgeHub.Infra.Postgres.Migrations.";

    /// <summary>Every embedded migration in version order.</summary>
    /// <exception cref="InvalidOperationException">A script is misnamed or two share a version.</exception>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(m => m.Version)
            .ToList();
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two migrations share version {migrations[i].Version}: {migrations[i - 1].Name}, {migrations[i].Name}.");
            }
        }

        return migrations;
    }

    private static Migration Load(Assembly assembly, string resourceName)
    {
        var name = resourceName[ResourcePrefix.Length..^".sql".Length];
        var separator = name.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version <= 0)
        {
            throw new InvalidOperationException($"Migration '{name}' must be named NNNN_description.sql with a positive number.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, name, reader.ReadToEnd());
    }
}
