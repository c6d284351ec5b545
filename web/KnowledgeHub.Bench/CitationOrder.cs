namespace KnowledgeHub.Bench;

/// <summary>Whether an answer's citation numbers first appear as 1, 2, 3, ... along its sentences.</summary>
public static class CitationOrder
{
    /// <param name="sentenceCitations">
    /// The citation numbers of each kept sentence, in text order (the answer's <c>sentences</c>): read from the structure
    /// rather than the text, whose quotes may carry their own bracketed references.
    /// </param>
    public static bool IsFirstUse(IEnumerable<IEnumerable<int>> sentenceCitations)
    {
        ArgumentNullException.ThrowIfNull(sentenceCitations);
        var next = 1;
        var seen = new HashSet<int>();
        foreach (var number in sentenceCitations.SelectMany(n => n))
        {
            if (seen.Add(number) && number != next++)
            {
                return false;
            }
        }

        return true;
    }
}
