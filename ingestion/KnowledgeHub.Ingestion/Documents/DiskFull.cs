using System.Data.Common;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// Recognises a full disk (or quota) however it surfaces: a file write (ENOSPC, EDQUOT; Windows' disk-full codes),
/// SQLite's SQLITE_FULL or PostgreSQL's disk_full. It is neither the document's fault nor a bug: uploads answer 507 and
/// ingestion waits for space instead of failing documents.
/// </summary>
public static class DiskFull
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    // SqliteException.SqliteErrorCode; read by name so that this layer does not depend on the SQLite provider.
    private const int SqliteFull = 13;
    private const string PostgresDiskFull = "53100";

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var full = e switch
            {
                IOException io => io.HResult is Enospc or Edquot or WindowsDiskFull or WindowsHandleDiskFull,
                DbException db => db.SqlState == PostgresDiskFull || db.GetType().GetProperty("SqliteErrorCode")?.GetValue(db) is SqliteFull,
                _ => false,
            };
            if (full)
            {
                return true;
            }
        }

        return false;
    }
}
