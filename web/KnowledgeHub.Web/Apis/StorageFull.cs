using System.Data.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Web.Apis;

/// <summary>
/// Recognises a full disk (or quota) however it surfaces: a file write (ENOSPC, EDQUOT; Windows' disk-full codes),
/// SQLite's SQLITE_FULL or PostgreSQL's disk_full. Such a request answers 507, which a client may retry later,
/// instead of a 500 that reads like a bug.
/// </summary>
internal static class StorageFull
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int SqliteFull = 13;
    private const string PostgresDiskFull = "53100";

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var full = e switch
            {
                IOException io => io.HResult is Enospc or Edquot or WindowsDiskFull or WindowsHandleDiskFull,
                SqliteException sqlite => sqlite.SqliteErrorCode == SqliteFull,
                DbException db => db.SqlState == PostgresDiskFull,
                _ => false,
            };
            if (full)
            {
                return true;
            }
        }

        return false;
    }

    public static ProblemDetails Problem(string? what = null) => new()
    {
        Status = StatusCodes.Status507InsufficientStorage,
        Title = "Insufficient storage",
        Detail = (what ?? "The request could not be completed") + ": the server's disk is full. Nothing was stored; try again once space has been freed.",
    };
}
