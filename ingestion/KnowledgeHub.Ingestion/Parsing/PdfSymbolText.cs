using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Fonts.CompactFontFormat;
using UglyToad.PdfPig.Fonts.Encodings;
using UglyToad.PdfPig.Fonts.Type1.Parser;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;
using Encoding = UglyToad.PdfPig.Fonts.Encodings.Encoding;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Gives letters of simple fonts without a ToUnicode map the character their glyph name stands for. PdfPig reads a
/// Type 1 font whose encoding is built into its (CFF) program, as TeX's math fonts are, by character code: CMSY's
/// ∅ (code 0x3B) comes out as ';', ∈ (0x32) as '2', { (0x66) as 'f', − (0x00) as a control character. The font
/// program names each code's glyph (emptyset, element, braceleft, minus), and the name says the character.
/// One instance per document: fonts are shared by its pages.
/// </summary>
internal sealed class PdfSymbolText(IPdfTokenScanner scanner, ILookupFilterProvider filters)
{
    private const int MaxFormDepth = 4;
    private const int GuardDepth = 256;

    private static readonly NameToken FontKey = NameToken.Create("Font");
    private static readonly NameToken XObjectKey = NameToken.Create("XObject");
    private static readonly NameToken FontFile3Key = NameToken.Create("FontFile3");
    private static readonly NameToken Type1CKey = NameToken.Create("Type1C");

    // Per font PdfPig built: its stand-in value -> the character meant, or null when nothing needs replacing.
    private readonly Dictionary<IFont, Dictionary<string, string>?> replacements = new(ReferenceEqualityComparer.Instance);

    // Font dictionaries by base font name, as found on the pages read so far.
    private readonly Dictionary<string, List<DictionaryToken>> fontDictionaries = new(StringComparer.Ordinal);
    private readonly HashSet<IndirectReference> seenFonts = [];

    /// <summary>The page's letters, with the stand-ins of code-read glyphs replaced.</summary>
    public IReadOnlyList<Letter> Letters(Page page)
    {
        var letters = page.Letters;
        List<Letter>? result = null;
        var pageFontsRead = false;
        for (var i = 0; i < letters.Count; i++)
        {
            var letter = letters[i];
            if (letter.GetFont() is not { } font)
            {
                continue;
            }

            if (!replacements.TryGetValue(font, out var map))
            {
                if (!pageFontsRead)
                {
                    ReadFontDictionaries(page.Dictionary);
                    pageFontsRead = true;
                }

                map = Replacements(font);
                replacements[font] = map;
            }

            if (map is not null && map.TryGetValue(letter.Value, out var meant))
            {
                result ??= [.. letters];
                result[i] = new Letter(meant, letter.BoundingBox, letter.GlyphRectangleLoose, letter.StartBaseLine, letter.EndBaseLine,
                    letter.Width, letter.FontSize, font, letter.RenderingMode, letter.StrokeColor, letter.FillColor, letter.PointSize, letter.TextSequence);
            }
        }

        return result ?? letters;
    }

    private Dictionary<string, string>? Replacements(IFont font)
    {
        if (font.Name?.Data is not { } baseFont || !fontDictionaries.TryGetValue(baseFont, out var candidates))
        {
            return null;
        }

        // Two fonts of one name with different encodings: which one a letter came from cannot be told.
        try
        {
            var names = candidates.Select(GlyphNames).Distinct(GlyphNameMapComparer.Instance).ToList();
            return names.Count == 1 && names[0].Count > 0 ? StandIns(font, names[0]) : null;
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            // PdfPig's own decoding of a broken font: its letters stay as PdfPig read them.
            return null;
        }
    }

    /// <summary>
    /// Where PdfPig gave a code's own character (it found no name, or no character for the name) and the glyph name
    /// means another: stand-in -> meant. A stand-in that PdfPig also gives, rightly, for another code is left alone.
    /// </summary>
    private static Dictionary<string, string>? StandIns(IFont font, Dictionary<int, string> glyphNames)
    {
        var decoded = new Dictionary<int, string>();
        for (var code = 0; code < 256; code++)
        {
            decoded[code] = font.TryGetUnicode(code, out var value) && value is not null ? value : ((char)code).ToString();
        }

        Dictionary<string, string>? map = null;
        foreach (var (code, name) in glyphNames)
        {
            var standIn = ((char)code).ToString();
            if (code is < 0 or > 255 || decoded[code] != standIn || PdfGlyphNames.ToUnicode(name) is not { } meant || meant == standIn)
            {
                continue;
            }

            if (decoded.Any(d => d.Key != code && d.Value == standIn))
            {
                continue;
            }

            map ??= new Dictionary<string, string>(StringComparer.Ordinal);
            map[standIn] = meant;
        }

        return map;
    }

    private void ReadFontDictionaries(DictionaryToken page)
    {
        // Resources are inherited down the page tree; a page's own win.
        for (var node = page; node is not null; node = Get<DictionaryToken>(node, NameToken.Parent))
        {
            if (Get<DictionaryToken>(node, NameToken.Resources) is { } resources)
            {
                ReadResources(resources, 0);
                return;
            }
        }
    }

    private void ReadResources(DictionaryToken resources, int depth)
    {
        if (Get<DictionaryToken>(resources, FontKey) is { } fonts)
        {
            foreach (var token in fonts.Data.Values)
            {
                if (token is IndirectReferenceToken reference && !seenFonts.Add(reference.Data))
                {
                    continue;
                }

                if (Resolve<DictionaryToken>(token) is { } font && Get<NameToken>(font, NameToken.BaseFont) is { } name)
                {
                    if (!fontDictionaries.TryGetValue(name.Data, out var list))
                    {
                        fontDictionaries[name.Data] = list = [];
                    }

                    list.Add(font);
                }
            }
        }

        // Figures included from other PDFs (plots, diagrams) bring their fonts in form XObjects.
        if (depth < MaxFormDepth && Get<DictionaryToken>(resources, XObjectKey) is { } xObjects)
        {
            foreach (var token in xObjects.Data.Values)
            {
                if (Resolve<StreamToken>(token) is { } form && Get<DictionaryToken>(form.StreamDictionary, NameToken.Resources) is { } formResources)
                {
                    ReadResources(formResources, depth + 1);
                }
            }
        }
    }

    /// <summary>Code -> glyph name for a simple Type 1 font without a ToUnicode map; empty for any other font.</summary>
    private Dictionary<int, string> GlyphNames(DictionaryToken font)
    {
        var names = new Dictionary<int, string>();
        if (Get<NameToken>(font, NameToken.Subtype) is not { } subtype || !NameToken.Type1.Equals(subtype) || font.ContainsKey(NameToken.ToUnicode))
        {
            return names;
        }

        try
        {
            var builtIn = BuiltInEncoding(font);
            var encoding = font.Data.TryGetValue(NameToken.Encoding.Data, out var token) ? Resolve<IToken>(token) : null;
            if (encoding is NameToken named)
            {
                if (Encoding.TryGetNamedEncoding(named, out var standard) && standard is not null)
                {
                    Copy(standard.CodeToNameMap, names);
                }

                return names;
            }

            if (encoding is DictionaryToken dictionary)
            {
                if (Get<NameToken>(dictionary, NameToken.BaseEncoding) is { } baseName && Encoding.TryGetNamedEncoding(baseName, out var baseEncoding) && baseEncoding is not null)
                {
                    Copy(baseEncoding.CodeToNameMap, names);
                }
                else
                {
                    Copy(builtIn ?? StandardEncoding.Instance.CodeToNameMap, names);
                }

                ApplyDifferences(Get<ArrayToken>(dictionary, NameToken.Differences), names);
                return names;
            }

            Copy(builtIn, names);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            // A font program this cannot read leaves the letters as PdfPig read them.
            names.Clear();
        }

        return names;
    }

    private IReadOnlyDictionary<int, string>? BuiltInEncoding(DictionaryToken font)
    {
        if (Get<DictionaryToken>(font, NameToken.FontDescriptor) is not { } descriptor)
        {
            return null;
        }

        if (Get<StreamToken>(descriptor, FontFile3Key) is { } compact && Get<NameToken>(compact.StreamDictionary, NameToken.Subtype) is { } programType
            && Type1CKey.Equals(programType))
        {
            var program = CompactFontFormatParser.Parse(new CompactFontFormatData(compact.Decode(filters, scanner)));
            var names = new Dictionary<int, string>();
            for (var code = 0; code < 256; code++)
            {
                if (program.GetCharacterName(code, false) is { } name && name != ".notdef")
                {
                    names[code] = name;
                }
            }

            return names;
        }

        if (Get<StreamToken>(descriptor, NameToken.FontFile) is { } type1
            && Get<NumericToken>(type1.StreamDictionary, NameToken.Length1) is { } length1
            && Get<NumericToken>(type1.StreamDictionary, NameToken.Length2) is { } length2)
        {
            var bytes = type1.Decode(filters, scanner);
            return Type1FontParser.Parse(new MemoryInputBytes(bytes), length1.Int, length2.Int, new StackDepthGuard(GuardDepth)).Encoding;
        }

        return null;
    }

    private static void Copy(IReadOnlyDictionary<int, string>? from, Dictionary<int, string> to)
    {
        foreach (var (code, name) in from ?? new Dictionary<int, string>())
        {
            to[code] = name;
        }
    }

    private static void ApplyDifferences(ArrayToken? differences, Dictionary<int, string> names)
    {
        var code = -1;
        foreach (var entry in differences?.Data ?? [])
        {
            if (entry is NumericToken number)
            {
                code = number.Int;
            }
            else if (entry is NameToken name && code >= 0)
            {
                names[code++] = name.Data;
            }
        }
    }

    private T? Get<T>(DictionaryToken dictionary, NameToken key)
        where T : class, IToken =>
        dictionary.Data.TryGetValue(key.Data, out var token) ? Resolve<T>(token) : null;

    private T? Resolve<T>(IToken token)
        where T : class, IToken =>
        DirectObjectFinder.TryGet<T>(token, scanner, out var resolved) ? resolved : null;

    /// <summary>Compares code -> glyph name maps by content.</summary>
    private sealed class GlyphNameMapComparer : IEqualityComparer<Dictionary<int, string>>
    {
        public static readonly GlyphNameMapComparer Instance = new();

        public bool Equals(Dictionary<int, string>? x, Dictionary<int, string>? y) =>
            x is not null && y is not null && x.Count == y.Count && x.All(e => y.TryGetValue(e.Key, out var name) && name == e.Value);

        public int GetHashCode(Dictionary<int, string> obj) => obj.Count;
    }
}
