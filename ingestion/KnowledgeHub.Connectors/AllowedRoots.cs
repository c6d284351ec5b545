namespace KnowledgeHub.Connectors;

/// <summary>
/// Which server folders connectors may read: only those under KnowledgeHub:Connectors:Folder:AllowedRoots, judged on
/// the real path (every link resolved), so neither <c>..</c> nor a symlink can lead a connector out of a root.
/// </summary>
public static class AllowedRoots
{
    /// <summary>The real path of <paramref name="path"/> when it is an existing folder under an allowed root.</summary>
    /// <exception cref="ConnectorSettingsException">Refused, with the reason.</exception>
    public static string Check(string field, string? path, IReadOnlyList<string> roots)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ConnectorSettingsException(field, $"'{field}' is required.");
        }

        if (roots.Count == 0)
        {
            throw new ConnectorSettingsException(field, "Folder connectors are off: KnowledgeHub:Connectors:Folder:AllowedRoots names no folder.");
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw new ConnectorSettingsException(field, $"'{field}' must be an absolute path.");
        }

        if (path.Replace('\\', '/').Split('/').Any(segment => segment == ".."))
        {
            throw new ConnectorSettingsException(field, $"'{field}' may not contain '..'.");
        }

        if (!Directory.Exists(path))
        {
            throw new ConnectorSettingsException(field, $"'{path}' is not a folder on the server.");
        }

        var real = RealPath(path);
        if (!roots.Any(root => IsUnder(real, RealPath(root))))
        {
            var reason = Path.GetFullPath(path) != real ? $" (it leads to '{real}' through a link)" : string.Empty;
            throw new ConnectorSettingsException(field, $"'{path}' is outside the allowed roots{reason}; KnowledgeHub:Connectors:Folder:AllowedRoots lists where connectors may read.");
        }

        return real;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or inside it (both real, full paths).</summary>
    public static bool IsUnder(string path, string root)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(root);
        return path.Equals(trimmed, StringComparison.Ordinal)
            || path.StartsWith(trimmed + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || (trimmed.Length == 1 && trimmed[0] == Path.DirectorySeparatorChar);
    }

    /// <summary>The full path with every symbolic link along it resolved (a missing tail is kept as written).</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : RealPath(target.FullName);
            }

            current = next;
        }

        return Path.TrimEndingDirectorySeparator(current) is { Length: > 0 } result ? result : root;
    }
}
