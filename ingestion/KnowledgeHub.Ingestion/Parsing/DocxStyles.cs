using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Wordprocessing;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// What a Word paragraph style says about its paragraphs. Built-in heading styles keep their English names
/// ("heading 1") in every language of Word, while their ids are localised ("berschrift1", "1"), so names are
/// checked as well as ids; custom heading styles are recognised by their outline level, inherited through basedOn.
/// </summary>
internal sealed partial class DocxStyles
{
    private const int MaxInheritanceDepth = 16;

    private readonly Dictionary<string, Style> byId;
    private readonly Dictionary<string, int?> headingLevels = new(StringComparer.Ordinal);

    public DocxStyles(Styles? styles)
    {
        byId = new Dictionary<string, Style>(StringComparer.Ordinal);
        foreach (var style in styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is { } id)
            {
                byId.TryAdd(id, style);
            }
        }
    }

    /// <summary>Heading level 1..6 given by the style (or a style it is based on), or null.</summary>
    public int? HeadingLevel(string? styleId)
    {
        if (styleId is null)
        {
            return null;
        }

        if (!headingLevels.TryGetValue(styleId, out var level))
        {
            level = FindHeadingLevel(styleId, MaxInheritanceDepth);
            headingLevels[styleId] = level;
        }

        return level;
    }

    /// <summary>Heading level 1..6 for a Word outline level (0-based; 9 means body text), or null for body text and
    /// the levels below heading 6.</summary>
    public static int? LevelFromOutline(int outlineLevel) =>
        outlineLevel is >= 0 and < HeadingTrail.MaxLevel ? outlineLevel + 1 : null;

    /// <summary>Entries of a generated table of contents: they repeat the headings (with page numbers) and would only
    /// compete with the sections they point to in search.</summary>
    public bool IsTableOfContents(string? styleId) =>
        styleId is not null && (TocPattern().IsMatch(styleId) || TocPattern().IsMatch(NameOf(styleId)));

    public bool IsTitle(string? styleId) =>
        styleId is not null && (styleId.Equals("Title", StringComparison.OrdinalIgnoreCase) || NameOf(styleId).Equals("Title", StringComparison.OrdinalIgnoreCase));

    /// <summary>The numbering a list style (such as "List Bullet") applies to its paragraphs, if any.</summary>
    public NumberingProperties? Numbering(string? styleId)
    {
        for (var (id, depth) = (styleId, 0); id is not null && depth < MaxInheritanceDepth; depth++)
        {
            if (!byId.TryGetValue(id, out var style))
            {
                return null;
            }

            if (style.StyleParagraphProperties?.NumberingProperties is { } numbering)
            {
                return numbering;
            }

            id = style.BasedOn?.Val?.Value;
        }

        return null;
    }

    private int? FindHeadingLevel(string styleId, int depth)
    {
        if (HeadingLevelIn(styleId) is { } fromId)
        {
            return fromId;
        }

        if (depth == 0 || !byId.TryGetValue(styleId, out var style))
        {
            return null;
        }

        if (HeadingLevelIn(style.StyleName?.Val?.Value) is { } fromName)
        {
            return fromName;
        }

        if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline)
        {
            return LevelFromOutline(outline);
        }

        return style.BasedOn?.Val?.Value is { } parent ? FindHeadingLevel(parent, depth - 1) : null;
    }

    private static int? HeadingLevelIn(string? idOrName)
    {
        if (idOrName is null)
        {
            return null;
        }

        var match = HeadingPattern().Match(idOrName);
        if (!match.Success)
        {
            return null;
        }

        var level = match.Groups[1].Value[0] - '0';
        return level <= HeadingTrail.MaxLevel ? level : null;
    }

    private string NameOf(string styleId) =>
        byId.TryGetValue(styleId, out var style) ? style.StyleName?.Val?.Value ?? string.Empty : string.Empty;

    [GeneratedRegex(@"^heading\s?([1-9])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^toc\s?[1-9]$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TocPattern();
}
