using System.Globalization;
using DocumentFormat.OpenXml.Wordprocessing;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// The marker Word would show before a list paragraph: "- " for bullets, "3. " for numbered levels (letters and
/// roman numerals are written as digits too; the order is what matters to a reader of the text). Counters follow
/// Word's rule that starting an item restarts every deeper level of the same list.
/// </summary>
internal sealed class DocxNumbering
{
    private const int Levels = 9;

    private readonly Dictionary<int, NumberingInstance> instances = [];
    private readonly Dictionary<int, AbstractNum> abstracts = [];
    private readonly Dictionary<int, int?[]> counters = [];

    public DocxNumbering(Numbering? numbering)
    {
        foreach (var instance in numbering?.Elements<NumberingInstance>() ?? [])
        {
            if (instance.NumberID?.Value is { } id)
            {
                instances.TryAdd(id, instance);
            }
        }

        foreach (var definition in numbering?.Elements<AbstractNum>() ?? [])
        {
            if (definition.AbstractNumberId?.Value is { } id)
            {
                abstracts.TryAdd(id, definition);
            }
        }
    }

    /// <summary>The marker for the next item of list <paramref name="numberingId"/> at <paramref name="level"/> (0-based),
    /// or an empty string when the paragraph is not shown as a list item.</summary>
    public string NextMarker(int numberingId, int level)
    {
        // Id 0 is how Word removes numbering that a style would otherwise apply.
        if (numberingId == 0 || !instances.TryGetValue(numberingId, out var instance))
        {
            return string.Empty;
        }

        level = Math.Clamp(level, 0, Levels - 1);
        var definition = instance.AbstractNumId?.Val?.Value is { } abstractId && abstracts.TryGetValue(abstractId, out var found) ? found : null;
        var format = definition?.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == level);
        var kind = format?.NumberingFormat?.Val?.Value;
        if (format is null || kind == NumberFormatValues.None)
        {
            return string.Empty;
        }

        if (kind == NumberFormatValues.Bullet)
        {
            return "- ";
        }

        if (!counters.TryGetValue(numberingId, out var levelCounters))
        {
            levelCounters = new int?[Levels];
            counters[numberingId] = levelCounters;
        }

        var number = levelCounters[level] is { } previous ? previous + 1 : Start(instance, format, level);
        levelCounters[level] = number;
        Array.Clear(levelCounters, level + 1, Levels - level - 1);
        return number.ToString(CultureInfo.InvariantCulture) + ". ";
    }

    private static int Start(NumberingInstance instance, Level? format, int level)
    {
        var overridden = instance.Elements<LevelOverride>()
            .FirstOrDefault(o => o.LevelIndex?.Value == level)?.StartOverrideNumberingValue?.Val?.Value;
        return overridden ?? format?.StartNumberingValue?.Val?.Value ?? 1;
    }
}
