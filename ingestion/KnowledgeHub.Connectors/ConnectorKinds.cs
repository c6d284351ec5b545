namespace KnowledgeHub.Connectors;

/// <summary>The stored and API text of kinds, run statuses and outcome counts.</summary>
public static class ConnectorKinds
{
    public static string Text(ConnectorKind kind) => kind switch
    {
        ConnectorKind.Folder => "folder",
        ConnectorKind.Web => "web",
        ConnectorKind.Git => "git",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? text, out ConnectorKind kind)
    {
        switch (text)
        {
            case "folder":
                kind = ConnectorKind.Folder;
                return true;
            case "web":
                kind = ConnectorKind.Web;
                return true;
            case "git":
                kind = ConnectorKind.Git;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    public static ConnectorKind Parse(string text) =>
        TryParse(text, out var kind) ? kind : throw new FormatException($"Unknown connector kind '{text}'.");

    public static string Text(ConnectorRunStatus status) => status switch
    {
        ConnectorRunStatus.Running => "running",
        ConnectorRunStatus.Completed => "completed",
        ConnectorRunStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static ConnectorRunStatus ParseStatus(string text) => text switch
    {
        "running" => ConnectorRunStatus.Running,
        "completed" => ConnectorRunStatus.Completed,
        "failed" => ConnectorRunStatus.Failed,
        _ => throw new FormatException($"Unknown run status '{text}'."),
    };

    /// <summary>The run column an outcome counts in; a fixed name, never caller text, so it may be spliced into SQL.</summary>
    public static string CountColumn(ItemOutcome outcome) => outcome switch
    {
        ItemOutcome.Added => "added",
        ItemOutcome.Updated => "updated",
        ItemOutcome.Unchanged => "unchanged",
        ItemOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
