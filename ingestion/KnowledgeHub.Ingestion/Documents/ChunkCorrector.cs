using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// A person's correction of one chunk of a document's current version: new text (embedded again by the configured
/// encoder and replacing the chunk in the keyword and dense index) or exclusion from retrieval (the chunk leaves the
/// index, so no search, answer or citation can reach it), recorded with who and when. The store keeps it under the
/// version's bytes, so every later run of those bytes (retry, rebuild, re-sync) applies it again.
/// </summary>
public sealed class ChunkCorrector(IDocumentStore store, ISearchIndex index, ChunkEmbedder embedder, ITextEncoder encoder, TimeProvider timeProvider)
{
    /// <summary>Longest corrected text in characters; the encoder's token limit usually bites first.</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>Longest corrected text in the encoder's tokens: what it reads without truncating (special tokens aside).</summary>
    public int MaxTokens => Math.Max(1, encoder.MaxTokens - 2);

    /// <summary>Why <paramref name="text"/> cannot be a chunk's text, or null when it can.</summary>
    public string? Problem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return "'text' must not be empty.";
        }

        if (text.Length > MaxTextLength)
        {
            return $"'text' is {text.Length} characters long; the most a chunk may hold is {MaxTextLength}.";
        }

        var tokens = encoder.CountTokens(text);
        return tokens > MaxTokens
            ? $"'text' is {tokens} tokens long; the encoder reads at most {MaxTokens}, so the rest would not be searchable. Split it or shorten it."
            : null;
    }

    /// <summary>
    /// Applies the change to the chunk of <paramref name="document"/> (which the caller may read) and returns the chunk
    /// as it now is, or why not. A text equal to the original removes the text correction.
    /// </summary>
    /// <param name="text">The new text (checked with <see cref="Problem"/> first); null to keep the current one.</param>
    /// <param name="excluded">True to exclude the chunk, false to include it again, null to leave it.</param>
    public async Task<(ChunkCorrectionOutcome Outcome, StoredChunk? Chunk)> CorrectAsync(
        DocumentRecord document, string chunkId, string? text, bool? excluded, string editedBy, string? editedByName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var chunk = (await store.GetChunksAsync(document.Id, cancellationToken)).FirstOrDefault(c => c.Id == chunkId && c.Version == document.Version);
        if (chunk is null)
        {
            return (ChunkCorrectionOutcome.NotFound, null);
        }

        // While a version is being ingested its chunks are rewritten and re-indexed; a correction then could be lost.
        if (document.Status != DocumentStatus.Completed)
        {
            return (ChunkCorrectionOutcome.NotCompleted, chunk);
        }

        var original = chunk.Correction?.OriginalText ?? chunk.Text;
        var newText = text ?? chunk.Correction?.Text;
        if (newText == original)
        {
            newText = null;
        }

        var correction = new ChunkCorrection(
            document.Id,
            document.ContentHash,
            chunk.Ordinal,
            original,
            newText,
            excluded ?? chunk.Excluded,
            editedBy,
            editedByName,
            timeProvider.GetUtcNow(),
            newText is null ? null : encoder.CountTokens(newText));

        // The store first: it is the source of truth, so a rebuild after a failed index update still applies the change.
        await store.SaveChunkCorrectionAsync(correction, cancellationToken);
        var corrected = (await store.GetChunksAsync(document.Id, cancellationToken)).FirstOrDefault(c => c.Id == chunkId && c.Version == document.Version);
        if (corrected is null)
        {
            // Deleted or re-chunked meanwhile; whatever replaced it was indexed by its own run.
            return (ChunkCorrectionOutcome.NotFound, null);
        }

        if (corrected.Excluded)
        {
            await index.DeleteChunkAsync(document.Tenant, corrected.Id, cancellationToken);
        }
        else
        {
            var vectors = await embedder.EmbedAsync([corrected], (_, _) => Task.CompletedTask, cancellationToken);
            await index.UpsertAsync([VersionIndexer.ToIndexed(document, corrected, vectors[0])], cancellationToken);
        }

        return (ChunkCorrectionOutcome.Corrected, corrected);
    }
}
