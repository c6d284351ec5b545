using System.Security.Cryptography;
using System.Text;
using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Web.Apis;

/// <summary>
/// `Idempotency-Key` on upload: a client that repeats an upload (a timeout, a retry loop) within
/// <see cref="Window"/> gets the first answer again instead of a second upload; the same key on a different
/// request is a client bug and answers 422.
/// </summary>
internal static class UploadIdempotency
{
    public const string Header = "Idempotency-Key";

    public const string ReplayedHeader = "Idempotency-Replayed";

    public const int MaxKeyLength = 255;

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>Printable ASCII without spaces at the ends, as the IETF idempotency-key draft expects.</summary>
    public static bool IsValid(string key) =>
        key.Length is > 0 and <= MaxKeyLength && key.All(c => c is >= ' ' and <= '~') && key.Trim().Length == key.Length;

    /// <summary>What the request asks for: the bytes and every form field that changes the outcome.</summary>
    public static async Task<string> FingerprintAsync(IFormFile file, string collection, string externalId, string tags, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenReadStream();
        var content = await SHA256.HashDataAsync(stream, cancellationToken);
        var fields = Encoding.UTF8.GetBytes($"\n{file.FileName}\n{collection}\n{externalId}\n{tags}");
        return Convert.ToHexStringLower(SHA256.HashData([.. content, .. fields]));
    }

    public static IResult Replay(HttpContext context, UploadReceipt receipt)
    {
        context.Response.Headers[ReplayedHeader] = "true";
        context.Response.Headers.Location = $"/api/documents/{receipt.DocumentId}";
        return TypedResults.Text(receipt.ResponseBody, "application/json", Encoding.UTF8, receipt.StatusCode);
    }

    public static IResult Conflict() => Problems.Status(
        StatusCodes.Status422UnprocessableEntity,
        "Idempotency key reused",
        $"This {Header} was used in the last {Window.TotalHours:0} hours for an upload with different content, file name, collection, external id or tags. Use a new key for a new upload.");
}
