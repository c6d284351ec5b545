using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Parsing;
using Microsoft.Extensions.Options;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;

namespace KnowledgeHub.Web.Apis;

/// <summary>`expand=true`: one `.zip` part expands into its files, each stored as its own document (bulk upload).</summary>
public static partial class DocumentsApi
{
    private static bool Expand(IFormCollection form) =>
        form.TryGetValue("expand", out var value) && bool.TryParse(value.ToString(), out var expand) && expand;

    /// <summary>
    /// Stores every file of the archive under its path as external id, in the archive's order; refused entries (paths
    /// that leave the archive, nested archives) are listed with their reasons. A bomb or an unreadable archive is
    /// refused as a whole before anything is stored.
    /// </summary>
    private static async Task<IResult> UploadArchiveAsync(
        HttpContext context,
        DocumentService documents,
        ILogger logger,
        Upload upload,
        IReadOnlyList<IFormFile> files,
        string idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (files.Count != 1 || !UploadArchive.IsArchive(files[0].FileName))
        {
            return Problems.Invalid("expand", "'expand=true' expands one .zip archive: send exactly one 'file' part, a .zip file.", "Nothing to expand");
        }

        if (idempotencyKey.Length > 0 || upload.ExternalId.Length > 0)
        {
            return Problems.Invalid(
                "expand",
                $"An expanded archive makes one document per file, named by its path in the archive; '{UploadIdempotency.Header}' and 'externalId' name one document and cannot be combined with 'expand=true'.");
        }

        var options = context.RequestServices.GetRequiredService<IOptions<ParsingOptions>>().Value;
        var shownName = LogText.Escape(files[0].FileName);
        await using var content = files[0].OpenReadStream();
        UploadArchive archive;
        try
        {
            archive = UploadArchive.Open(content, options, logger, shownName, cancellationToken);
        }
        catch (DocumentRejectedException rejected)
        {
            UploadLog.Refused(logger, shownName, StatusCodes.Status422UnprocessableEntity, "Archive refused");
            return Problems.Status(StatusCodes.Status422UnprocessableEntity, "Archive refused", rejected.Message);
        }

        using (archive)
        {
            var entries = new List<UploadEntryDto>(archive.Entries.Count);
            ProblemDetails? diskFull = null;
            for (var i = 0; i < archive.Entries.Count; i++)
            {
                var entry = archive.Entries[i];
                if (entry.Refusal is not null)
                {
                    entries.Add(new UploadEntryDto(i, ShownName(entry.FileName), StatusCodes.Status422UnprocessableEntity, Problem: Problem(StatusCodes.Status422UnprocessableEntity, "Entry refused", entry.Refusal), Path: entry.Path));
                    continue;
                }

                var (dto, problem) = diskFull is null
                    ? await StoreAsync(documents, logger, upload, entry.FileName, null, entry.Open, entry.Path, cancellationToken)
                    : (null, diskFull);
                if (problem?.Status == StatusCodes.Status507InsufficientStorage)
                {
                    diskFull = problem;
                }

                entries.Add(dto is not null
                    ? new UploadEntryDto(i, dto.FileName, StatusCodes.Status202Accepted, Document: dto, Path: entry.Path)
                    : new UploadEntryDto(i, ShownName(entry.FileName), problem!.Status ?? StatusCodes.Status400BadRequest, Problem: problem, Path: entry.Path));
            }

            var accepted = entries.Count(e => e.Document is not null);
            var list = new UploadListDto(entries, accepted, entries.Count - accepted);
            if (accepted > 0)
            {
                return TypedResults.Json(list, statusCode: StatusCodes.Status202Accepted);
            }

            var statuses = entries.Select(e => e.Status).Distinct().ToList();
            var refusal = new ProblemDetails
            {
                Status = statuses.Count == 1 ? statuses[0] : StatusCodes.Status422UnprocessableEntity,
                Title = "No file accepted",
                Detail = entries.Count == 0
                    ? "The archive holds no files."
                    : $"None of the {entries.Count} files of the archive was accepted; 'uploads' says why for each.",
            };
            refusal.Extensions["uploads"] = entries;
            return TypedResults.Problem(refusal);
        }
    }
}
