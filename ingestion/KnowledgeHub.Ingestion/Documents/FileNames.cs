using System.Text;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// What an uploaded file's name becomes before it is stored. The name is shown in lists, citations and logs, so
/// characters that rewrite a terminal line or a log record (CR, LF, NUL and the other C0/C1 controls) or reorder what
/// a reader sees (bidi overrides and isolates, as in "invoice\u202Efdp.exe") are removed, and the length is capped.
/// </summary>
public static class FileNames
{
    public const int MaxLength = 200;

    /// <summary>The name of a file whose name held nothing printable.</summary>
    public const string DefaultStem = "document";

    // Longer "extensions" are part of the name, not a type; they are cut like the rest of it.
    private const int MaxExtensionLength = 16;

    /// <summary>
    /// The last path segment of <paramref name="fileName"/> (either separator), without controls and bidi formatting,
    /// at most <see cref="MaxLength"/> characters with the extension kept; <see cref="DefaultStem"/> when nothing is left.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or white space to begin with.</exception>
    public static string Clean(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new ArgumentException("The upload has no file name.", nameof(fileName));
        }

        var builder = new StringBuilder(fileName.Length);
        foreach (var c in fileName)
        {
            if (!IsRemoved(c))
            {
                builder.Append(c);
            }
        }

        // Not trimmed: a document's id derives from its name, and names that were clean before keep their ids.
        var name = Path.GetFileName(builder.ToString().Replace('\\', '/'));
        if (string.IsNullOrWhiteSpace(name) || name.All(c => c == '.'))
        {
            return DefaultStem;
        }

        return name.Length <= MaxLength ? name : Shorten(name);
    }

    /// <summary>C0 and C1 controls, DEL, and the bidi marks, embeddings, overrides and isolates.</summary>
    public static bool IsRemoved(char c) =>
        c < ' ' || c is >= '\u007F' and <= '\u009F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069'
        || c is '\u200E' or '\u200F' or '\u061C';

    private static string Shorten(string name)
    {
        var extension = Path.GetExtension(name);
        if (extension.Length > MaxExtensionLength || extension.Length == name.Length)
        {
            extension = string.Empty;
        }

        var stem = name[..(MaxLength - extension.Length)];

        // Never leave half of a surrogate pair at the cut.
        if (char.IsHighSurrogate(stem[^1]))
        {
            stem = stem[..^1];
        }

        return stem.TrimEnd() + extension;
    }
}
