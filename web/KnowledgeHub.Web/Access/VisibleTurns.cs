using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration.Conversations;

namespace KnowledgeHub.Web.Access;

/// <summary>
/// Which stored turns the request's key may see. Conversations belong to the tenant, but a turn that cites a document
/// the key may not read is hidden from it everywhere: the conversation list and its counts, a conversation's turns,
/// feedback on the turn, and the history a follow-up question is rewritten from. One instance per request caches
/// each cited document's answer.
/// </summary>
internal sealed class VisibleTurns(HttpContext context, IDocumentStore documents)
{
    private readonly Dictionary<string, bool> readable = new(StringComparer.Ordinal);

    /// <summary>True for an admin key, which sees every turn of its tenant.</summary>
    public bool SeesAll => Readers.Groups(context) is null;

    public async Task<bool> CanSeeAsync(RecordedTurn turn, CancellationToken cancellationToken)
    {
        if (SeesAll)
        {
            return true;
        }

        foreach (var documentId in CitationsJson.Read(turn.CitationsJson).Select(c => c.DocumentId).Distinct(StringComparer.Ordinal))
        {
            if (!readable.TryGetValue(documentId, out var canRead))
            {
                // A cited document deleted since stays hidden too: its groups are unknown.
                canRead = await Readers.GetDocumentAsync(documents, context, documentId, cancellationToken) is not null;
                readable[documentId] = canRead;
            }

            if (!canRead)
            {
                return false;
            }
        }

        return true;
    }

    public async Task<List<RecordedTurn>> FilterAsync(IReadOnlyList<RecordedTurn> turns, CancellationToken cancellationToken)
    {
        var visible = new List<RecordedTurn>(turns.Count);
        foreach (var turn in turns)
        {
            if (await CanSeeAsync(turn, cancellationToken))
            {
                visible.Add(turn);
            }
        }

        return visible;
    }
}
