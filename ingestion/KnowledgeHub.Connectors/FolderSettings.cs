namespace KnowledgeHub.Connectors;

/// <param name="Path">The folder, resolved (links followed) and checked to be under an allowed root.</param>
public sealed record FolderSettings(string Path, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude, bool Watch);
