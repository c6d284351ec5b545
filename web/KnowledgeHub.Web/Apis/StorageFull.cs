using KnowledgeHub.Ingestion.Documents;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeHub.Web.Apis;

/// <summary>
/// A full disk (<see cref="DiskFull"/>) answers 507, which a client may retry later, instead of a 500 that reads like a bug.
/// </summary>
internal static class StorageFull
{
    public static ProblemDetails Problem(string? what = null) => new()
    {
        Status = StatusCodes.Status507InsufficientStorage,
        Title = "Insufficient storage",
        Detail = (what ?? "The request could not be completed") + ": the server's disk is full. Nothing was stored; try again once space has been freed.",
    };
}
