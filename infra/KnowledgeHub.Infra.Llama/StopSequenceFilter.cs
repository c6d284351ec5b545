using System.Text;

namespace KnowledgeHub.Infra.Llama;

/// <summary>
/// Cuts generated text at the first stop sequence. Text that might be the start of a stop sequence is held
/// back until it is clear, so a stop sequence split across tokens never leaks into the output.
/// </summary>
internal sealed class StopSequenceFilter(IReadOnlyList<string> stops)
{
    private readonly StringBuilder pending = new();

    public bool Stopped { get; private set; }

    /// <summary>Adds generated text; returns what can be emitted now.</summary>
    public string Push(string text)
    {
        if (Stopped)
        {
            return string.Empty;
        }

        pending.Append(text);
        var buffer = pending.ToString();
        var cut = -1;
        foreach (var stop in stops)
        {
            var index = buffer.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (cut < 0 || index < cut))
            {
                cut = index;
            }
        }

        if (cut >= 0)
        {
            Stopped = true;
            pending.Clear();
            return buffer[..cut];
        }

        var hold = 0;
        foreach (var stop in stops)
        {
            hold = Math.Max(hold, LongestSuffixThatStarts(buffer, stop));
        }

        pending.Clear().Append(buffer, buffer.Length - hold, hold);
        return buffer[..^hold];
    }

    /// <summary>Returns the held-back text once generation has ended without a stop sequence.</summary>
    public string Flush()
    {
        var rest = Stopped ? string.Empty : pending.ToString();
        pending.Clear();
        return rest;
    }

    private static int LongestSuffixThatStarts(string buffer, string stop)
    {
        for (var length = Math.Min(stop.Length - 1, buffer.Length); length > 0; length--)
        {
            if (buffer.AsSpan(buffer.Length - length).SequenceEqual(stop.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }
}
