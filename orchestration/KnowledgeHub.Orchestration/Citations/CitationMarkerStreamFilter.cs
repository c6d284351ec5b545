using System.Text;

namespace KnowledgeHub.Orchestration.Citations;

/// <summary>
/// Applies <see cref="CitationMarkers.Rewrite"/> to streamed text, so out-of-range markers never reach the reader.
/// It holds back trailing white space and an unfinished "[..." until it knows what follows; the concatenated output
/// equals <c>CitationMarkers.Rewrite(wholeText, passageCount)</c>.
/// </summary>
public sealed class CitationMarkerStreamFilter(int passageCount)
{
    private readonly StringBuilder pending = new();

    public string Push(string delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        pending.Append(delta);
        var buffer = pending.ToString();
        var hold = HoldStart(buffer);
        pending.Clear().Append(buffer, hold, buffer.Length - hold);
        return CitationMarkers.Rewrite(buffer[..hold], passageCount);
    }

    public string Flush()
    {
        var rest = pending.ToString();
        pending.Clear();
        return CitationMarkers.Rewrite(rest, passageCount);
    }

    private static int HoldStart(string buffer)
    {
        var end = buffer.Length;
        var open = buffer.LastIndexOf('[');
        if (open >= 0 && CitationMarkers.IsOpenMarker(buffer.AsSpan(open)))
        {
            end = open;
        }

        while (end > 0 && char.IsWhiteSpace(buffer[end - 1]))
        {
            end--;
        }

        return end;
    }
}
