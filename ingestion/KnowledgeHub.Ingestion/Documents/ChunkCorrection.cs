namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// A person's correction of one chunk of a document version: new text, exclusion from retrieval, or both. Stored apart
/// from the chunks (which a re-run of the version rewrites) under the document, the version's bytes and the ordinal, so
/// any re-run of the same bytes gets it back; a version with other bytes does not.
/// </summary>
/// <param name="ContentHash">The hash of the version's bytes the correction was made on.</param>
/// <param name="OriginalText">The text ingestion gave the chunk; the correction applies only while the chunk at this ordinal still has it.</param>
/// <param name="Text">The corrected text; null when only the exclusion was set.</param>
/// <param name="Excluded">True when the chunk is kept out of the index (never searched, answered from or cited).</param>
/// <param name="EditedBy">Who made the last change: the API key's id.</param>
/// <param name="EditedByName">That key's name when it was made (keys may be revoked and renamed later).</param>
/// <param name="EditedAt">When the last change was made.</param>
/// <param name="TokenCount">The corrected text's length in the encoder's tokens; null without corrected text.</param>
public sealed record ChunkCorrection(
    string DocumentId,
    string ContentHash,
    int Ordinal,
    string OriginalText,
    string? Text,
    bool Excluded,
    string EditedBy,
    string? EditedByName,
    DateTimeOffset EditedAt,
    int? TokenCount = null);
