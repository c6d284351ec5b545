namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>Puts a rebuilt index folder in place of the live one (re-embedding the embedded index offline).</summary>
public static class EmbeddedIndexFolder
{
    /// <summary>
    /// Moves <paramref name="rebuilt"/> to <paramref name="live"/> and deletes the index it replaces. Throws
    /// <see cref="InvalidOperationException"/> without changing anything while another process holds the live
    /// index: the embedded index belongs to one process, so the server must be stopped for the swap.
    /// </summary>
    public static void Replace(string live, string rebuilt)
    {
        live = Path.GetFullPath(live);
        rebuilt = Path.GetFullPath(rebuilt);
        if (!Directory.Exists(rebuilt))
        {
            throw new InvalidOperationException($"The rebuilt index folder '{rebuilt}' does not exist.");
        }

        string? retired = null;
        if (Directory.Exists(live))
        {
            // Proves no process has the live index open; released before the move so the lock file moves with it.
            FolderLock.Acquire(live).Dispose();
            retired = live + ".retired";
            if (Directory.Exists(retired))
            {
                Directory.Delete(retired, recursive: true);
            }

            Directory.Move(live, retired);
        }

        Directory.Move(rebuilt, live);
        if (retired is not null)
        {
            Directory.Delete(retired, recursive: true);
        }
    }
}
