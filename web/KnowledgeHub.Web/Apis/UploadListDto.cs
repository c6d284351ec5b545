using Microsoft.AspNetCore.Mvc;

namespace KnowledgeHub.Web.Apis;

/// <summary>One `file` part of a multi-file upload: its document when accepted, its own problem when refused.</summary>
/// <param name="Index">The part's position among the request's `file` parts, from 0.</param>
/// <param name="FileName">The name as stored (cleaned); as sent, cleaned the same way, when refused.</param>
/// <param name="Status">What a single-file upload of this part would have answered: 202, or the problem's status.</param>
/// <param name="Path">For an entry of an expanded archive: its path in the archive (the document's external id).</param>
public sealed record UploadEntryDto(int Index, string FileName, int Status, DocumentDto? Document = null, ProblemDetails? Problem = null, string? Path = null);

/// <summary>The answer to an upload with several `file` parts, in the order of the parts.</summary>
public sealed record UploadListDto(IReadOnlyList<UploadEntryDto> Uploads, int Accepted, int Refused);
