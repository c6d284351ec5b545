using System.Text;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Chinese and Japanese text is written without spaces between words, so joining its lines or sentences with a
/// space (as English needs) would insert characters the author never wrote.
/// </summary>
internal static class CjkText
{
    public static bool IsCjk(Rune rune) => Retrieval.Analysis.CjkText.IsCjk(rune);

    public static bool IsCjk(char c) => Retrieval.Analysis.CjkText.IsCjk(c);

    public static bool StartsWithCjk(ReadOnlySpan<char> text) =>
        !text.IsEmpty && Rune.DecodeFromUtf16(text, out var rune, out _) == System.Buffers.OperationStatus.Done && IsCjk(rune);

    public static bool EndsWithCjk(ReadOnlySpan<char> text) =>
        !text.IsEmpty && Rune.DecodeLastFromUtf16(text, out var rune, out _) == System.Buffers.OperationStatus.Done && IsCjk(rune);

    /// <summary>The separator to put between two pieces of running text: nothing where either side is CJK, else one space.</summary>
    public static string Separator(ReadOnlySpan<char> before, ReadOnlySpan<char> after) =>
        EndsWithCjk(before) || StartsWithCjk(after) ? string.Empty : " ";

    /// <summary>Joins the lines of one paragraph into running text, trimming each and skipping blank ones.</summary>
    public static string JoinLines(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        ReadOnlySpan<char> previous = default;
        foreach (var raw in lines)
        {
            var line = raw.AsSpan().Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(Separator(previous, line));
            }

            text.Append(line);
            previous = line;
        }

        return text.ToString();
    }
}
