using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeHub.Orchestration.Citations;

/// <summary>Finds and cleans the [n] markers of a generated answer ("[1]", "[1, 3]", "[2][4]").</summary>
public static partial class CitationMarkers
{
    [GeneratedRegex(@"\s*\[\s*(\d{1,4}(?:\s*[,;]\s*\d{1,4})*)\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"^\[[\d\s,;]*$", RegexOptions.CultureInvariant)]
    private static partial Regex OpenMarkerPattern();

    /// <summary>The longest text an unfinished marker may have before it is treated as ordinary text.</summary>
    internal const int MaxOpenMarkerLength = 24;

    /// <summary>Every marker with the passage numbers it names, in order of appearance.</summary>
    public static IReadOnlyList<(int Index, int Length, IReadOnlyList<int> Numbers)> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. MarkerPattern().Matches(text).Select(m => (m.Index, m.Length, (IReadOnlyList<int>)ParseNumbers(m.Groups[1].Value)))];
    }

    /// <summary>
    /// Keeps markers that name one of the passages (as "[n]" each) and removes the rest together with the
    /// white space before them, so "Paris [7]." becomes "Paris.".
    /// </summary>
    public static string Rewrite(string text, int passageCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        return MarkerPattern().Replace(text, match =>
        {
            var valid = ParseNumbers(match.Groups[1].Value).Where(n => n >= 1 && n <= passageCount).Distinct().ToList();
            if (valid.Count == 0)
            {
                return string.Empty;
            }

            var leading = match.Value[..(match.Value.IndexOf('[', StringComparison.Ordinal))];
            var rewritten = new StringBuilder(leading);
            foreach (var number in valid)
            {
                rewritten.Append('[').Append(number).Append(']');
            }

            return rewritten.ToString();
        });
    }

    /// <summary>Removes every marker, valid or not, with the white space before it.</summary>
    public static string Strip(string text) => MarkerPattern().Replace(text, string.Empty);

    internal static bool IsOpenMarker(ReadOnlySpan<char> text) =>
        text.Length <= MaxOpenMarkerLength && OpenMarkerPattern().IsMatch(text);

    private static List<int> ParseNumbers(string list) =>
        [.. list.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))];
}
