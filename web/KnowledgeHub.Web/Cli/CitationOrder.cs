using KnowledgeHub.Orchestration.Citations;

namespace KnowledgeHub.Web.Cli;

/// <summary>Whether an answer's citation numbers first appear as 1, 2, 3, ... in its text.</summary>
public static class CitationOrder
{
    /// <param name="citationNumbers">The answer's citation numbers: other bracketed numbers are the quoted text's own references.</param>
    public static bool IsFirstUse(string answer, IEnumerable<int> citationNumbers)
    {
        ArgumentNullException.ThrowIfNull(citationNumbers);
        var cited = citationNumbers.ToHashSet();
        var next = 1;
        var seen = new HashSet<int>();
        foreach (var number in CitationMarkers.Find(answer).SelectMany(m => m.Numbers).Where(cited.Contains))
        {
            if (seen.Add(number) && number != next++)
            {
                return false;
            }
        }

        return true;
    }
}
