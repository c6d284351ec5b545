using System.Text;

namespace KnowledgeHub.Orchestration.Citations;

/// <summary>
/// Renumbers an answer's citations in the order its text first uses them, so a reader meets [1] before [2] whichever
/// retrieved passages the answer happens to cite. Markers that name no citation (a quoted passage's own "[47]") stay text.
/// </summary>
internal static class CitationNumbering
{
    public static GroundedText InFirstUseOrder(GroundedText grounded)
    {
        ArgumentNullException.ThrowIfNull(grounded);
        if (grounded.Citations.Count == 0)
        {
            return grounded;
        }

        var cited = grounded.Citations.Select(c => c.Number).ToHashSet();
        var mapping = new Dictionary<int, int>();
        var markers = CitationMarkers.Find(grounded.Text).Where(m => m.Numbers.All(cited.Contains)).ToList();
        foreach (var number in markers.SelectMany(m => m.Numbers).Concat(grounded.Citations.Select(c => c.Number)))
        {
            mapping.TryAdd(number, mapping.Count + 1);
        }

        if (mapping.All(pair => pair.Key == pair.Value))
        {
            return grounded;
        }

        var text = new StringBuilder();
        var previous = 0;
        foreach (var (index, length, numbers) in markers)
        {
            text.Append(grounded.Text, previous, index - previous);
            var marker = grounded.Text.AsSpan(index, length);
            text.Append(marker[..marker.IndexOf('[')]);
            foreach (var number in numbers.Select(n => mapping[n]).Distinct())
            {
                text.Append('[').Append(number).Append(']');
            }

            previous = index + length;
        }

        text.Append(grounded.Text, previous, grounded.Text.Length - previous);
        var citations = grounded.Citations
            .Select(c => c with { Number = mapping[c.Number] })
            .OrderBy(c => c.Number)
            .ThenBy(c => c.Start)
            .ToList();
        var sentences = grounded.Sentences?
            .Select(s => s with { Citations = Map(s.Citations, mapping), CitedAs = s.CitedAs is null ? null : Map(s.CitedAs, mapping) })
            .ToList();
        return grounded with { Text = text.ToString(), Citations = citations, Sentences = sentences };
    }

    // Passage numbers that no kept citation uses have no number in the answer: they are left out.
    private static List<int> Map(IReadOnlyList<int> numbers, Dictionary<int, int> mapping) =>
        [.. numbers.Where(mapping.ContainsKey).Select(n => mapping[n])];
}
