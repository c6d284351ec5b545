namespace KnowledgeHub.Ingestion.Documents;

/// <summary>Tags a document carries for filtering: short labels, compared exactly (case-sensitive), at most <see cref="MaxTags"/>.</summary>
public static class DocumentTags
{
    public const int MaxTags = 20;
    public const int MaxLength = 64;

    /// <summary>Trims, drops empties and duplicates, keeps the caller's order; a comma separates tags inside one value.</summary>
    /// <exception cref="ArgumentException">Too many tags, a tag too long, or a control character in one.</exception>
    public static IReadOnlyList<string> Normalize(IEnumerable<string?>? values)
    {
        var tags = new List<string>();
        foreach (var value in values ?? [])
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.Length > MaxLength)
                {
                    throw new ArgumentException($"The tag '{part[..20]}...' is longer than {MaxLength} characters.", nameof(values));
                }

                if (part.Any(char.IsControl))
                {
                    throw new ArgumentException("A tag contains a control character.", nameof(values));
                }

                if (!tags.Contains(part, StringComparer.Ordinal))
                {
                    tags.Add(part);
                }
            }
        }

        return tags.Count <= MaxTags ? tags : throw new ArgumentException($"A document carries at most {MaxTags} tags; {tags.Count} were given.", nameof(values));
    }
}
