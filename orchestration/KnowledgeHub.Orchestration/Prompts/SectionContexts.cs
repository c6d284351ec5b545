using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Prompts;

/// <summary>
/// Chooses the section text shown around each passage the decoder sees. Small chunks match questions precisely but
/// often lack the sentence that makes them intelligible; their neighbours in the same section supply it. The passages
/// have already taken their share of the token budget; context gets only what is left, nearest neighbours of every
/// passage first, so no passage's context crowds out another's closest sentences. Each chunk is shown once: a neighbour
/// that is itself a numbered passage, or already context of another, ends that side, which keeps every context contiguous.
/// </summary>
internal static class SectionContexts
{
    private const string Ellipsis = "…";
    private static readonly char[] Whitespace = [' ', '\n', '\t'];

    public static async Task<IReadOnlyList<PassageContext>> BuildAsync(
        HybridRetriever retriever,
        IReadOnlyList<SearchHit> passages,
        int neighbours,
        int tokenBudget,
        Func<string, int> countTokens,
        CancellationToken cancellationToken)
    {
        if (neighbours <= 0 || tokenBudget <= 0)
        {
            return [.. passages.Select(_ => PassageContext.None)];
        }

        var sections = new List<IReadOnlyList<IndexedChunk>>(passages.Count);
        foreach (var passage in passages)
        {
            sections.Add(await retriever.GetSectionAsync(passage.Chunk, neighbours, cancellationToken).ConfigureAwait(false));
        }

        return Allocate(passages, sections, neighbours, tokenBudget, countTokens);
    }

    public static IReadOnlyList<PassageContext> Allocate(
        IReadOnlyList<SearchHit> passages,
        IReadOnlyList<IReadOnlyList<IndexedChunk>> sections,
        int neighbours,
        int tokenBudget,
        Func<string, int>? countTokens = null)
    {
        countTokens ??= TokenEstimate.Of;
        var shown = passages.Select(p => p.Chunk.Id).ToHashSet(StringComparer.Ordinal);
        var byOrdinal = sections.Select(s => s.GroupBy(c => c.Ordinal).ToDictionary(g => g.Key, g => g.First())).ToList();
        var before = passages.Select(_ => new List<string>()).ToList();
        var after = passages.Select(_ => new List<string>()).ToList();
        bool[][] open = [Enumerable.Repeat(true, passages.Count).ToArray(), Enumerable.Repeat(true, passages.Count).ToArray()];
        var left = tokenBudget;

        for (var distance = 1; distance <= neighbours && left > 0; distance++)
        {
            for (var i = 0; i < passages.Count && left > 0; i++)
            {
                for (var side = 0; side < 2 && left > 0; side++)
                {
                    if (!open[side][i])
                    {
                        continue;
                    }

                    var ordinal = passages[i].Chunk.Ordinal + (side == 0 ? -distance : distance);
                    if (!byOrdinal[i].TryGetValue(ordinal, out var neighbour) || !shown.Add(neighbour.Id))
                    {
                        open[side][i] = false;
                        continue;
                    }

                    var text = neighbour.Text.Trim();
                    var cost = countTokens(text);
                    if (cost > left)
                    {
                        // Keep the part next to the passage: the end of what precedes it, the start of what follows.
                        text = side == 0 ? Tail(text, left, countTokens) : Head(text, left, countTokens);
                        cost = left;
                        open[side][i] = false;
                    }

                    if (text.Length == 0)
                    {
                        continue;
                    }

                    left -= cost;
                    (side == 0 ? before : after)[i].Add(text);
                }
            }
        }

        return
        [
            .. passages.Select((_, i) => before[i].Count == 0 && after[i].Count == 0
                ? PassageContext.None
                : new PassageContext(string.Join('\n', Enumerable.Reverse(before[i])), string.Join('\n', after[i]))),
        ];
    }

    private static string Head(string text, int tokens, Func<string, int> countTokens)
    {
        var length = LongestFitting(text.Length, n => countTokens(text[..n]) + 1 <= tokens);
        var cut = length < text.Length ? text.LastIndexOfAny(Whitespace, Math.Max(0, length - 1), length) : -1;
        var kept = (cut > 0 ? text[..cut] : text[..length]).TrimEnd();
        return kept.Length == 0 ? string.Empty : kept + Ellipsis;
    }

    private static string Tail(string text, int tokens, Func<string, int> countTokens)
    {
        var length = LongestFitting(text.Length, n => countTokens(text[^n..]) + 1 <= tokens);
        var start = text.Length - length;
        var cut = start == 0 ? -1 : char.IsWhiteSpace(text[start - 1]) ? start - 1 : text.IndexOfAny(Whitespace, start);
        var kept = (cut >= 0 ? text[(cut + 1)..] : text[start..]).TrimStart();
        return kept.Length == 0 ? string.Empty : Ellipsis + kept;
    }

    // Token counts grow with length, so the longest fitting length is found by bisection.
    internal static int LongestFitting(int max, Func<int, bool> fits)
    {
        var (low, high) = (0, max);
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (fits(mid))
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }
}
