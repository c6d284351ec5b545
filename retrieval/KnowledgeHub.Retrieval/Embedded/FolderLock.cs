namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>
/// An exclusive lock on an index folder held for the life of the index. Lucene.Net's write.lock does not
/// exclude other processes on Linux, so the index holds this one as well: a file opened with
/// <see cref="FileShare.None"/>, which .NET enforces across processes with an OS advisory lock that the
/// OS releases if the process dies.
/// </summary>
internal sealed class FolderLock : IDisposable
{
    public const string FileName = "knowledgehub.lock";

    private readonly FileStream file;

    private FolderLock(FileStream file) => this.file = file;

    /// <summary>Takes the lock or throws <see cref="InvalidOperationException"/> naming the folder as in use.</summary>
    public static FolderLock Acquire(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            return new FolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw InUse(folder, ex);
        }
    }

    public static InvalidOperationException InUse(string? folder, Exception inner) => new(
        $"The data folder '{folder}' is in use by another KnowledgeHub process (its index is locked). Stop that process or give this one another data folder.",
        inner);

    public void Dispose() => file.Dispose();
}
