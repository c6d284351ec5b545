using KnowledgeHub.Orchestration.Citations;

namespace KnowledgeHub.Web.Cli;

/// <summary>Whether an answer's citation numbers first appear as 1, 2, 3, ... in its text.</summary>
public static class CitationOrder
{
    public static bool IsFirstUse(string answer)
    {
        var next = 1;
        var seen = new HashSet<int>();
        foreach (var number in CitationMarkers.Find(answer).SelectMany(m => m.Numbers))
        {
            if (seen.Add(number) && number != next++)
            {
                return false;
            }
        }

        return true;
    }
}
