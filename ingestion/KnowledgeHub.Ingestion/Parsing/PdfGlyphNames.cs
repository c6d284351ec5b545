using System.Collections.Frozen;
using UglyToad.PdfPig.Fonts;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// The character a PostScript glyph name stands for: the Adobe Glyph List first (what PdfPig and pdftotext use, so a
/// name they know reads the same everywhere), then the names TeX's math fonts (CMSY, CMMI, CMEX, MSAM, MSBM) give
/// glyphs the list lacks. An empty string means a glyph that is a piece of a larger drawn symbol and no character.
/// </summary>
internal static class PdfGlyphNames
{
    // PdfPig's GlyphList caches odd names in a plain Dictionary; parses run in parallel.
    private static readonly Lock GlyphListLock = new();

    // TeX names missing from the Adobe Glyph List (checked against the fonts of the pdflatex samples).
    private static readonly FrozenDictionary<string, string> TexNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // CMSY
        ["asteriskmath"] = "∗", ["diamondmath"] = "⋄", ["minusplus"] = "∓", ["circleminus"] = "⊖", ["circledivide"] = "⊘",
        ["circledot"] = "⊙", ["circlecopyrt"] = "◯", ["openbullet"] = "◦", ["equivasymptotic"] = "≍", ["precedesequal"] = "⪯",
        ["followsequal"] = "⪰", ["similarequal"] = "≃", ["lessmuch"] = "≪", ["greatermuch"] = "≫", ["precedes"] = "≺",
        ["follows"] = "≻", ["arrowdblup"] = "⇑", ["arrowdbldown"] = "⇓", ["arrownortheast"] = "↗", ["arrowsoutheast"] = "↘",
        ["arrownorthwest"] = "↖", ["arrowsouthwest"] = "↙", ["prime"] = "′", ["owner"] = "∋", ["triangle"] = "△",
        ["triangleinv"] = "▽", ["negationslash"] = "\u0338", ["mapsto"] = "↦", ["mapstochar"] = "↦", ["Rfractur"] = "ℜ",
        ["Ifractur"] = "ℑ", ["latticetop"] = "⊤", ["turnstileleft"] = "⊢", ["turnstileright"] = "⊣", ["floorleft"] = "⌊",
        ["floorright"] = "⌋", ["ceilingleft"] = "⌈", ["ceilingright"] = "⌉", ["angbracketleft"] = "⟨", ["angbracketright"] = "⟩",
        ["bardbl"] = "‖", ["arrowbothv"] = "↕", ["arrowdblbothv"] = "⇕", ["wreathproduct"] = "≀", ["coproduct"] = "∐",
        ["nabla"] = "∇", ["unionmulti"] = "⊎", ["unionsq"] = "⊔", ["intersectionsq"] = "⊓", ["subsetsqequal"] = "⊑",
        ["supersetsqequal"] = "⊒",

        // CMMI
        ["epsilon1"] = "ε", ["pi1"] = "ϖ", ["rho1"] = "ϱ",
        ["harpoonleftup"] = "↼", ["harpoonleftdown"] = "↽", ["harpoonrightup"] = "⇀", ["harpoonrightdown"] = "⇁",
        ["triangleright"] = "▷", ["triangleleft"] = "◁", ["star"] = "⋆", ["flat"] = "♭", ["natural"] = "♮", ["sharp"] = "♯",
        ["lscript"] = "ℓ", ["dotlessj"] = "ȷ", ["vector"] = "\u20D7", ["slurbelow"] = "⌣", ["slurabove"] = "⌢",
        ["arrowhookleft"] = string.Empty, ["arrowhookright"] = string.Empty,

        // CMEX: n-ary operators read as their n-ary characters; the other sizes fall back to their base name.
        ["uniontext"] = "⋃", ["uniondisplay"] = "⋃", ["intersectiontext"] = "⋂", ["intersectiondisplay"] = "⋂",
        ["logicalandtext"] = "⋀", ["logicalanddisplay"] = "⋀", ["logicalortext"] = "⋁", ["logicalordisplay"] = "⋁",
        ["circleplustext"] = "⨁", ["circleplusdisplay"] = "⨁", ["circlemultiplytext"] = "⨂", ["circlemultiplydisplay"] = "⨂",
        ["circledottext"] = "⨀", ["circledotdisplay"] = "⨀", ["unionsqtext"] = "⨆", ["unionsqdisplay"] = "⨆",
        ["unionmultitext"] = "⨄", ["unionmultidisplay"] = "⨄", ["contintegraltext"] = "∮", ["contintegraldisplay"] = "∮",
        ["hat"] = "ˆ",

        // MSAM, MSBM
        ["square"] = "□", ["squaresolid"] = "■", ["measuredangle"] = "∡", ["sphericalangle"] = "∢", ["subsetnoteql"] = "⊊",
        ["supersetnoteql"] = "⊋", ["notsubseteql"] = "⊈", ["notsupersetequal"] = "⊉", ["notparallel"] = "∦",
        ["notexistential"] = "∄", ["lessorequalslant"] = "⩽", ["greaterorequalslant"] = "⩾", ["because"] = "∵",
        ["checkmark"] = "✓", ["lessnotequal"] = "⪇", ["greaternotequal"] = "⪈", ["notlessequal"] = "≰", ["notgreaterequal"] = "≱",
        ["notsimilar"] = "≁", ["notelement"] = "∉", ["dividemultiply"] = "⋇", ["emptysetAlt"] = "∅", ["Finv"] = "Ⅎ",
        ["Game"] = "⅁", ["hbar"] = "ℏ", ["planckover2pi1"] = "ℏ",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // CMEX sets one symbol at several sizes: parenleftbig, parenleftBig, ..., summationtext, summationdisplay.
    private static readonly string[] SizeSuffixes = ["bigg", "Bigg", "big", "Big", "text", "display", "wider", "widest", "wide"];

    // Pieces CMEX builds tall delimiters, radicals and horizontal braces from.
    private static readonly string[] PieceSuffixes = ["tp", "bt", "mid", "ex", "vertex"];

    /// <summary>The character(s) for the glyph name, or null when the name means nothing known.</summary>
    public static string? ToUnicode(string? name)
    {
        if (string.IsNullOrEmpty(name) || name == ".notdef")
        {
            return null;
        }

        // The glyph list reads the tips of a horizontal brace as vertical presentation forms (︷), which they are not.
        if (name.StartsWith("vextend", StringComparison.Ordinal) || name.StartsWith("bracehtip", StringComparison.Ordinal))
        {
            return string.Empty;
        }

        if (Lookup(name) is { } direct)
        {
            return direct;
        }

        if (PieceSuffixes.Any(s => name.Length > s.Length + 3 && name.EndsWith(s, StringComparison.Ordinal) && IsDelimiter(name[..^s.Length])))
        {
            return string.Empty;
        }

        foreach (var suffix in SizeSuffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) && Lookup(name[..^suffix.Length]) is { } sized)
            {
                return sized;
            }
        }

        return null;
    }

    private static bool IsDelimiter(string name) =>
        name.StartsWith("paren", StringComparison.Ordinal) || name.StartsWith("bracket", StringComparison.Ordinal)
        || name.StartsWith("brace", StringComparison.Ordinal) || name.StartsWith("radical", StringComparison.Ordinal)
        || name.StartsWith("arrow", StringComparison.Ordinal) || name.StartsWith("ceiling", StringComparison.Ordinal)
        || name.StartsWith("floor", StringComparison.Ordinal);

    private static string? Lookup(string name)
    {
        string? fromList;
        try
        {
            lock (GlyphListLock)
            {
                fromList = GlyphList.AdobeGlyphList.NameToUnicode(name);
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidFontFormatException)
        {
            // "uXXXX"-shaped names that are not hex, or that point into the surrogate range.
            fromList = null;
        }

        return fromList ?? TexNames.GetValueOrDefault(name);
    }
}
