namespace KnowledgeHub.Web.Hosting;

/// <summary>Another process holds the data folder (<see cref="DataFolderLock"/>); the message is the one line users see.</summary>
public sealed class DataFolderInUseException(string folder, int? holder, Exception inner) : Exception(Describe(folder, holder), inner)
{
    public string Folder { get; } = folder;

    public int? HolderProcessId { get; } = holder;

    private static string Describe(string folder, int? holder) =>
        $"The data folder '{folder}' is in use by another KnowledgeHub process ({(holder is { } pid ? $"process id {pid}" : "process id unknown")}). "
        + "Stop that process, or give this one another folder with --KnowledgeHub:DataPath.";
}
