using System.Text;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Ingestion.Chunking;

/// <summary>
/// Cuts text that exceeds the token budget on its own (a run-on sentence, a giant table row) into pieces that fit:
/// between words for spaced scripts, between characters for CJK, and between characters of a single overlong word.
/// </summary>
internal static class OversizeSplitter
{
    // WordPiece gives up on words longer than 100 characters and emits one [UNK]: no token covers more.
    private const int MaxCharsPerToken = 100;

    /// <remarks>
    /// Counts each word once and adds the counts up, which is exact for tokenizers that split at white space and
    /// between CJK characters (WordPiece and most others): re-counting the growing fragment at every word made a 32 MB
    /// single-line page cost minutes. A fragment whose sum was not exact after all is cut again with exact counts.
    /// </remarks>
    public static List<(string Text, string SeparatorAfter)> Split(string text, Func<string, int> countTokens, int maxTokens, CancellationToken cancellationToken = default) =>
        Cut(text, countTokens, maxTokens, exact: false, cancellationToken);

    /// <param name="exact">Count the grown fragment at every word (tokenizers whose counts do not add up) instead of summing.</param>
    private static List<(string Text, string SeparatorAfter)> Cut(
        string text, Func<string, int> countTokens, int maxTokens, bool exact, CancellationToken cancellationToken)
    {
        var fragments = new List<(string Text, string SeparatorAfter)>();
        var current = new StringBuilder();
        var currentTokens = 0;

        void Flush(string separatorAfter)
        {
            if (current.Length == 0)
            {
                return;
            }

            var fragment = current.ToString();
            current.Clear();
            currentTokens = 0;
            if (exact || countTokens(fragment) <= maxTokens)
            {
                fragments.Add((fragment, separatorAfter));
                return;
            }

            var again = Cut(fragment, countTokens, maxTokens, exact: true, cancellationToken);
            again[^1] = (again[^1].Text, separatorAfter);
            fragments.AddRange(again);
        }

        foreach (var (atom, separatorBefore) in Atoms(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var atomTokens = countTokens(atom);
            var fits = current.Length > 0 && (exact
                ? countTokens(string.Concat(current.ToString(), separatorBefore, atom)) <= maxTokens
                : currentTokens + atomTokens <= maxTokens);
            if (fits)
            {
                current.Append(separatorBefore).Append(atom);
                currentTokens += atomTokens;
                continue;
            }

            Flush(separatorBefore);
            if (atomTokens <= maxTokens)
            {
                current.Append(atom);
                currentTokens = atomTokens;
                continue;
            }

            foreach (var piece in ByCharacters(atom, countTokens, maxTokens))
            {
                Flush(string.Empty);
                current.Append(piece);
                currentTokens = countTokens(piece);
            }
        }

        Flush(string.Empty);
        return fragments;
    }

    /// <summary>Words of spaced text and single characters of CJK text, each with what separated it from the previous atom.</summary>
    private static IEnumerable<(string Atom, string SeparatorBefore)> Atoms(string text)
    {
        var word = new StringBuilder();
        var separator = string.Empty;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                if (word.Length > 0)
                {
                    yield return (word.ToString(), separator);
                    word.Clear();
                }

                separator = " ";
            }
            else if (CjkText.IsCjk(rune))
            {
                if (word.Length > 0)
                {
                    yield return (word.ToString(), separator);
                    word.Clear();
                    separator = string.Empty;
                }

                yield return (rune.ToString(), separator);
                separator = string.Empty;
            }
            else
            {
                word.Append(rune.ToString());
            }
        }

        if (word.Length > 0)
        {
            yield return (word.ToString(), separator);
        }
    }

    /// <summary>
    /// Longest prefixes that fit, found by binary search: one token can stand for a long run of characters (an unknown
    /// word is a single [UNK]), so growing a fragment one character at a time could cost a count per character.
    /// </summary>
    private static IEnumerable<string> ByCharacters(string atom, Func<string, int> countTokens, int maxTokens)
    {
        var maxChars = checked(maxTokens * MaxCharsPerToken);
        var start = 0;
        while (start < atom.Length)
        {
            var low = 1;
            var high = Math.Min(atom.Length - start, maxChars);
            while (low < high)
            {
                var middle = low + ((high - low + 1) / 2);
                if (countTokens(atom.Substring(start, middle)) <= maxTokens)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            // Never cut a surrogate pair in two.
            var length = low;
            if (char.IsHighSurrogate(atom[start + length - 1]) && start + length < atom.Length)
            {
                length += length == 1 ? 1 : -1;
            }

            yield return atom.Substring(start, length);
            start += length;
        }
    }
}
