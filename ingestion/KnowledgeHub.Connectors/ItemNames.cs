namespace KnowledgeHub.Connectors;

/// <summary>How an item's path becomes its document's file name: the folders kept, so a citation names the path.</summary>
public static class ItemNames
{
    public const string Separator = " › ";

    public static string FromRelativePath(string relativePath) =>
        string.Join(Separator, relativePath.Split('/', '\\', StringSplitOptions.RemoveEmptyEntries));
}
