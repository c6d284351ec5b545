using System.Globalization;
using System.Text;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Prompts;

/// <summary>
/// Renders retrieved passages as numbered, fenced data blocks:
/// <code>
/// [1] (report.pdf, page 3)
/// """
/// chunk text
/// """
/// </code>
/// A fence inside a passage is defused ('''), so document text cannot close its block and pose as instructions.
/// </summary>
public static class PassageFormatter
{
    public const string Fence = "\"\"\"";

    public static string Format(IReadOnlyList<SearchHit> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var text = new StringBuilder();
        for (var i = 0; i < passages.Count; i++)
        {
            var chunk = passages[i].Chunk;
            if (i > 0)
            {
                text.Append("\n\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"[{i + 1}] ({Source(chunk)})\n")
                .Append(Fence).Append('\n')
                .Append(Defuse(chunk.Text.Trim())).Append('\n')
                .Append(Fence);
        }

        return text.ToString();
    }

    private static string Source(IndexedChunk chunk)
    {
        var source = new StringBuilder(OneLine(chunk.FileName));
        if (chunk.Page is int page)
        {
            source.Append(CultureInfo.InvariantCulture, $", page {page}");
        }

        if (!string.IsNullOrWhiteSpace(chunk.HeadingPath))
        {
            source.Append(", section: ").Append(OneLine(chunk.HeadingPath));
        }

        return source.ToString();
    }

    // Metadata comes from uploads too: keep it on its header line and out of the fences.
    private static string OneLine(string value) =>
        Defuse(value).ReplaceLineEndings(" ");

    private static string Defuse(string value) => value.Replace(Fence, "'''", StringComparison.Ordinal);
}
