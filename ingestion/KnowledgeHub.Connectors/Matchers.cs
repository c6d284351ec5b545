using Microsoft.Extensions.FileSystemGlobbing;

namespace KnowledgeHub.Connectors;

/// <summary>Include and exclude globs (**, *, ?) over paths relative to a connector's root; no includes means everything.</summary>
public static class Matchers
{
    public static Matcher For(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        if (include.Count == 0)
        {
            matcher.AddInclude("**/*");
        }
        else
        {
            matcher.AddIncludePatterns(include);
        }

        matcher.AddExcludePatterns(exclude);
        return matcher;
    }
}
