namespace KnowledgeHub.Connectors;

/// <param name="Repository">A remote URL (https, ssh, git) or a local path under the folder connectors' allowed roots.</param>
/// <param name="Branch">The branch to follow; null follows the repository's default (HEAD).</param>
public sealed record GitSettings(string Repository, string? Branch, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude)
{
    public bool IsLocal => !Repository.Contains("://", StringComparison.Ordinal) && !Repository.StartsWith("git@", StringComparison.Ordinal);
}
