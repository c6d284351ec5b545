using System.Text;
using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Web.Apis;

/// <summary>
/// `Idempotency-Key` on upload as HTTP carries it: the header, and how <see cref="DocumentService"/>'s decision
/// (<see cref="UploadKeys"/>) is answered; a key reused for a different request answers 422.
/// </summary>
internal static class UploadIdempotency
{
    public const string Header = "Idempotency-Key";

    public const string ReplayedHeader = "Idempotency-Replayed";

    public static IResult Replay(HttpContext context, UploadReceipt receipt)
    {
        context.Response.Headers[ReplayedHeader] = "true";
        context.Response.Headers.Location = $"/api/documents/{receipt.DocumentId}";
        return TypedResults.Text(receipt.ResponseBody, "application/json", Encoding.UTF8, receipt.StatusCode);
    }

    /// <summary>The answer to a decision that does not proceed: the earlier answer again, or the conflict.</summary>
    public static IResult Answer(HttpContext context, UploadKeyDecision decision) =>
        decision.Outcome == UploadKeyOutcome.Replay ? Replay(context, decision.Receipt!) : Conflict();

    public static IResult Conflict() => Problems.Status(
        StatusCodes.Status422UnprocessableEntity,
        "Idempotency key reused",
        $"This {Header} was used in the last {UploadKeys.Window.TotalHours:0} hours for an upload with different content, file name, collection, external id or tags. Use a new key for a new upload.");
}
