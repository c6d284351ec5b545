using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeHub.Connectors;

/// <summary>
/// A robots.txt as it applies to one user agent (RFC 9309): the group naming the agent, else the '*' group; the longest
/// matching rule decides, Allow winning a tie; '*' and '$' in paths; Crawl-delay kept.
/// </summary>
public sealed class RobotsRules
{
    public static readonly RobotsRules AllowAll = new([], null);

    private readonly List<(bool Allow, string Pattern, Regex Match)> rules;

    private RobotsRules(List<(bool Allow, string Pattern, Regex Match)> rules, TimeSpan? crawlDelay)
    {
        this.rules = rules;
        CrawlDelay = crawlDelay;
    }

    public TimeSpan? CrawlDelay { get; }

    public static RobotsRules Parse(string text, string userAgent)
    {
        var groups = new List<(List<string> Agents, List<(bool, string)> Rules, TimeSpan? Delay)>();
        (List<string> Agents, List<(bool, string)> Rules, TimeSpan? Delay)? current = null;
        var lastWasAgent = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                if (current is null || !lastWasAgent)
                {
                    current = ([], [], null);
                    groups.Add(current.Value);
                }

                current.Value.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }

            lastWasAgent = false;
            if (current is null)
            {
                continue;
            }

            if (key is "allow" or "disallow" && value.Length > 0)
            {
                current.Value.Rules.Add((key == "allow", value));
            }
            else if (key == "crawl-delay" && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                var index = groups.FindIndex(g => ReferenceEquals(g.Agents, current.Value.Agents));
                current = (current.Value.Agents, current.Value.Rules, TimeSpan.FromSeconds(Math.Min(seconds, 60)));
                groups[index] = current.Value;
            }
        }

        var agent = userAgent.ToLowerInvariant();
        var chosen = groups
            .Where(g => g.Agents.Any(a => a != "*" && agent.Contains(a, StringComparison.Ordinal)))
            .Concat(groups.Where(g => g.Agents.Contains("*")))
            .Select(g => ((List<(bool, string)>, TimeSpan?)?)(g.Rules, g.Delay))
            .FirstOrDefault();
        if (chosen is null)
        {
            return AllowAll;
        }

        var (ruleList, delay) = chosen.Value;
        return new RobotsRules([.. ruleList.Select(r => (r.Item1, r.Item2, ToRegex(r.Item2)))], delay);
    }

    /// <summary>Whether the path and query of <paramref name="uri"/> may be fetched.</summary>
    public bool Allows(Uri uri)
    {
        var path = uri.PathAndQuery;
        (bool Allow, int Length)? best = null;
        foreach (var (allow, pattern, match) in rules)
        {
            if (match.IsMatch(path) && (best is null || pattern.Length > best.Value.Length || (pattern.Length == best.Value.Length && allow)))
            {
                best = (allow, pattern.Length);
            }
        }

        return best?.Allow ?? true;
    }

    private static Regex ToRegex(string pattern)
    {
        var anchored = pattern.EndsWith('$');
        var body = anchored ? pattern[..^1] : pattern;
        var builder = new StringBuilder("^");
        foreach (var c in body)
        {
            builder.Append(c == '*' ? ".*" : Regex.Escape(c.ToString()));
        }

        if (anchored)
        {
            builder.Append('$');
        }

        return new Regex(builder.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
