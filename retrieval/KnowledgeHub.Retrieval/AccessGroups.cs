namespace KnowledgeHub.Retrieval;

/// <summary>
/// Who may read a document inside its tenant. A document without groups is visible to every key of the tenant; one with
/// groups only to keys that share one of them (admin keys see everything). Group names are short labels compared exactly.
/// </summary>
public static class AccessGroups
{
    public const int MaxGroups = 32;
    public const int MaxLength = 64;

    /// <summary>Whether a key restricted to <paramref name="keyGroups"/> (null: unrestricted) may read a document with <paramref name="documentGroups"/>.</summary>
    public static bool CanRead(IReadOnlyList<string>? keyGroups, IReadOnlyList<string>? documentGroups) =>
        keyGroups is null || documentGroups is not { Count: > 0 } || documentGroups.Any(g => keyGroups.Contains(g, StringComparer.Ordinal));

    /// <summary>Trims, drops empties and duplicates, keeps the caller's order; a comma separates groups inside one value.</summary>
    /// <exception cref="ArgumentException">Too many groups, a name too long, or a character outside letters, digits and <c>_ . - : @ /</c>.</exception>
    public static IReadOnlyList<string> Normalize(IEnumerable<string?>? values)
    {
        var groups = new List<string>();
        foreach (var value in values ?? [])
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.Length > MaxLength)
                {
                    throw new ArgumentException($"The access group '{part[..20]}...' is longer than {MaxLength} characters.", nameof(values));
                }

                if (!part.All(IsAllowed))
                {
                    throw new ArgumentException($"The access group '{part}' may hold only letters, digits and '_', '.', '-', ':', '@', '/'.", nameof(values));
                }

                if (!groups.Contains(part, StringComparer.Ordinal))
                {
                    groups.Add(part);
                }
            }
        }

        return groups.Count <= MaxGroups ? groups : throw new ArgumentException($"At most {MaxGroups} access groups are allowed; {groups.Count} were given.", nameof(values));
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or ':' or '@' or '/';
}
