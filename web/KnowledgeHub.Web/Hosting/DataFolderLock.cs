namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// One process per data folder. A host that keeps embedded state there (the SQLite store or the embedded index) holds
/// this lock from before it touches the queue until it stops, so a second `serve` or command-line verb on the same
/// folder refuses at start instead of re-queueing the first one's documents and waiting on its index. The lock is a
/// file opened with <see cref="FileShare.None"/>, which .NET turns into an OS advisory lock that dies with the process;
/// the holder's process id goes in a separate file, because the locked one cannot be read by anyone else.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "knowledgehub.lock";

    public const string OwnerFileName = "knowledgehub.pid";

    private readonly FileStream file;

    private DataFolderLock(FileStream file, string folder)
    {
        this.file = file;
        Folder = folder;
    }

    public string Folder { get; }

    /// <summary>Whether a host with this configuration keeps state in the data folder that only one process may open.</summary>
    public static bool IsNeeded(IConfiguration configuration) =>
        !StoreOptions.IsPostgresIn(configuration) || !IndexOptions.From(configuration).IsQdrant;

    /// <summary>The data folder of a configuration, as <see cref="DataPaths"/> resolves it.</summary>
    public static string FolderOf(IConfiguration configuration) =>
        Path.GetFullPath(configuration[$"{KnowledgeHubOptions.Section}:{nameof(KnowledgeHubOptions.DataPath)}"] ?? new KnowledgeHubOptions().DataPath);

    /// <summary>Takes the lock, or throws <see cref="DataFolderInUseException"/> naming the folder and the holder.</summary>
    public static DataFolderLock Acquire(string folder)
    {
        Directory.CreateDirectory(folder);
        FileStream file;
        try
        {
            file = new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DataFolderInUseException(folder, ReadOwner(folder), ex);
        }

        try
        {
            File.WriteAllText(Path.Combine(folder, OwnerFileName), $"{Environment.ProcessId}\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The pid only makes the refusal message better; the lock itself is what excludes.
        }

        return new DataFolderLock(file, folder);
    }

    public void Dispose() => file.Dispose();

    private static int? ReadOwner(string folder)
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path.Combine(folder, OwnerFileName)).Trim(), out var pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
