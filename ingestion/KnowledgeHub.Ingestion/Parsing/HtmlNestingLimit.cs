using System.Text;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Caps how deeply elements nest before the HTML reaches the tree builder. AngleSharp, like the HTML standard, has no
/// limit, and its scope checks walk the stack of open elements, so a page of a million unclosed &lt;div&gt;s costs
/// time quadratic in its length (a 1 MB single line took 40 s) and a walk of its tree recurses a million deep. Past
/// <see cref="MaxDepth"/>, start tags are dropped together with as many end tags, as Chromium's parser flattens
/// elements past its own depth limit: every word of text stays, only the deeper structure goes. One linear pass; the
/// scan knows comments, quoted attributes, void elements and raw-text elements well enough not to count inside them.
/// </summary>
internal static class HtmlNestingLimit
{
    /// <summary>Chromium's parser limit (kMaximumHTMLParserDOMTreeDepth).</summary>
    public const int MaxDepth = 512;

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    };

    // Closed implicitly by their next sibling, so counting them would see depth where the tree has none.
    private static readonly HashSet<string> ImpliedEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "rb", "rt", "rtc", "rp",
        "html", "head", "body",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext",
    };

    /// <summary>The HTML with nesting past <paramref name="maxDepth"/> removed; the same string when nothing nests that deep.</summary>
    public static string Apply(string html, int maxDepth = MaxDepth)
    {
        StringBuilder? output = null;
        var copiedUpTo = 0;
        var depth = 0;
        var dropped = 0;
        var i = 0;
        while ((i = html.IndexOf('<', i)) >= 0)
        {
            var tag = Scan(html, i);
            if (tag.Name is null)
            {
                i = tag.End;
                continue;
            }

            var drop = false;
            if (tag.IsEnd)
            {
                if (!ImpliedEnd.Contains(tag.Name) && !VoidElements.Contains(tag.Name))
                {
                    if (dropped > 0)
                    {
                        dropped--;
                        drop = true;
                    }
                    else if (depth > 0)
                    {
                        depth--;
                    }
                }
            }
            else if (!tag.SelfClosing && !VoidElements.Contains(tag.Name) && !ImpliedEnd.Contains(tag.Name) && !RawText.Contains(tag.Name))
            {
                if (depth >= maxDepth)
                {
                    dropped++;
                    drop = true;
                }
                else
                {
                    depth++;
                }
            }

            if (drop)
            {
                output ??= new StringBuilder(html.Length);
                output.Append(html, copiedUpTo, i - copiedUpTo).Append(' ');
                copiedUpTo = tag.End;
            }

            i = !tag.IsEnd && RawText.Contains(tag.Name) ? EndOfRawText(html, tag.End, tag.Name) : tag.End;
        }

        return output is null ? html : output.Append(html, copiedUpTo, html.Length - copiedUpTo).ToString();
    }

    /// <summary>The tag starting at <paramref name="start"/> ('&lt;'); no name for comments, declarations and a literal '&lt;'.</summary>
    private static (string? Name, bool IsEnd, bool SelfClosing, int End) Scan(string html, int start)
    {
        var i = start + 1;
        if (i >= html.Length)
        {
            return (null, false, false, html.Length);
        }

        if (html.AsSpan(i).StartsWith("!--", StringComparison.Ordinal))
        {
            var close = html.IndexOf("-->", i + 3, StringComparison.Ordinal);
            return (null, false, false, close < 0 ? html.Length : close + 3);
        }

        if (html[i] is '!' or '?')
        {
            var close = html.IndexOf('>', i);
            return (null, false, false, close < 0 ? html.Length : close + 1);
        }

        var isEnd = html[i] == '/';
        if (isEnd)
        {
            i++;
        }

        if (i >= html.Length || !char.IsAsciiLetter(html[i]))
        {
            return (null, false, false, start + 1);
        }

        var nameStart = i;
        while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] is '-' or ':' or '_'))
        {
            i++;
        }

        var name = html[nameStart..i];
        char? quote = null;
        var selfClosing = false;
        for (; i < html.Length; i++)
        {
            var c = html[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return (name, isEnd, selfClosing, i + 1);
            }
            else if (!char.IsWhiteSpace(c))
            {
                selfClosing = c == '/';
            }
        }

        return (name, isEnd, selfClosing, html.Length);
    }

    private static int EndOfRawText(string html, int from, string name)
    {
        var close = html.IndexOf("</" + name, from, StringComparison.OrdinalIgnoreCase);
        return close < 0 ? html.Length : close;
    }
}
