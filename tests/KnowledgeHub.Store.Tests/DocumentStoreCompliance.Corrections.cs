using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

/// <summary>Corrections of chunks by a person (migration 0011): kept apart from the chunks, applied on read.</summary>
public abstract partial class DocumentStoreCompliance
{
    private static ChunkCorrection Correction(string documentId, string contentHash, int ordinal, string originalText, string? text, bool excluded = false, int? tokens = null) =>
        new(documentId, contentHash, ordinal, originalText, text, excluded, "key_ops", "ops editor", Start.AddMinutes(5), tokens ?? (text is null ? null : 3));

    [StoreFact]
    public async Task A_saved_correction_comes_back_with_the_chunk_with_its_audit_fields_and_the_original_text()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0, "pump seals wera out"), Chunk("doc_a", 1, 1, "valve body")]);

        await Store.SaveChunkCorrectionAsync(Correction("doc_a", "hash-doc_a", 0, "pump seals wera out", "pump seals wear out"));
        await Store.SaveChunkCorrectionAsync(Correction("doc_a", "hash-doc_a", 1, "valve body", null, excluded: true));

        var chunks = await Store.GetChunksAsync("doc_a");
        Assert.Equal(["pump seals wear out", "valve body"], chunks.Select(c => c.Text));
        Assert.Equal(3, chunks[0].TokenCount);
        Assert.Equal(12, chunks[1].TokenCount);
        var corrected = chunks[0].Correction!;
        Assert.Equal(("pump seals wera out", "pump seals wear out", false), (corrected.OriginalText, corrected.Text, corrected.Excluded));
        Assert.Equal(("key_ops", "ops editor", Start.AddMinutes(5)), (corrected.EditedBy, corrected.EditedByName, corrected.EditedAt));
        Assert.False(chunks[0].Excluded);
        Assert.True(chunks[1].Excluded);
        Assert.Null(chunks[1].Correction!.Text);
    }

    [StoreFact]
    public async Task Saving_again_replaces_the_correction_of_that_chunk()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0, "first")]);

        await Store.SaveChunkCorrectionAsync(Correction("doc_a", "hash-doc_a", 0, "first", "second", excluded: true));
        await Store.SaveChunkCorrectionAsync(Correction("doc_a", "hash-doc_a", 0, "first", "third") with { EditedBy = "key_b", EditedByName = null });

        var chunk = Assert.Single(await Store.GetChunksAsync("doc_a"));
        Assert.Equal("third", chunk.Text);
        Assert.False(chunk.Excluded);
        Assert.Equal("key_b", chunk.Correction!.EditedBy);
        Assert.Null(chunk.Correction.EditedByName);
    }

    [StoreFact]
    public async Task A_correction_survives_the_chunks_of_the_same_bytes_being_written_again()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0, "alpha"), Chunk("doc_a", 1, 1, "beta")]);
        await Store.SaveChunkCorrectionAsync(Correction("doc_a", "hash-doc_a", 1, "beta", "beta corrected"));

        // A retry or re-chunking of the same version rewrites its chunks from the original bytes.
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0, "alpha"), Chunk("doc_a", 1, 1, "beta")]);

        Assert.Equal(["alpha", "beta corrected"], (await Store.GetChunksAsync("doc_a")).Select(c => c.Text));
    }

    [StoreFact]
    public async Task A_correction_is_not_applied_to_other_text_at_its_ordinal_nor_to_a_version_with_other_bytes()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0, "alpha")]);
        await Store.SaveChunkCorrectionAsync(Correction("doc_a", "hash-doc_a", 0, "alpha", "alpha corrected", excluded: true));

        // Chunked differently (other settings): the text at ordinal 0 is not the one corrected.
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0, "alpha and more")]);
        var rechunked = Assert.Single(await Store.GetChunksAsync("doc_a"));

        // A new version with other bytes, chunked to the very same text.
        await Store.AddVersionAsync("acme", "doc_a", new NewVersion("a.pdf", "hash-doc_a-v2", 10, null));
        await Store.ReplaceChunksAsync("doc_a", 1, []);
        await Store.ReplaceChunksAsync("doc_a", 2, [Chunk("doc_a", 2, 0, "alpha")]);
        var newVersion = Assert.Single(await Store.GetChunksAsync("doc_a"));

        Assert.Equal(("alpha and more", null, false), (rechunked.Text, rechunked.Correction, rechunked.Excluded));
        Assert.Equal(("alpha", null, false), (newVersion.Text, newVersion.Correction, newVersion.Excluded));
    }

    [StoreFact]
    public async Task Only_the_current_versions_chunks_carry_corrections_and_other_documents_are_untouched()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a", contentHash: "same"));
        await Store.AddIfAbsentAsync(NewDocument("doc_b", contentHash: "same", collection: "other"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0, "alpha")]);
        await Store.ReplaceChunksAsync("doc_b", 1, [Chunk("doc_b", 1, 0, "alpha")]);

        await Store.SaveChunkCorrectionAsync(Correction("doc_a", "same", 0, "alpha", "alpha corrected"));

        Assert.Equal("alpha corrected", Assert.Single(await Store.GetChunksAsync("doc_a")).Text);
        Assert.Equal("alpha", Assert.Single(await Store.GetChunksAsync("doc_b")).Text);
    }

    [StoreFact]
    public async Task Deleting_the_document_deletes_its_corrections()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0, "alpha")]);
        await Store.SaveChunkCorrectionAsync(Correction("doc_a", "hash-doc_a", 0, "alpha", "alpha corrected"));

        Assert.True(await Store.DeleteAsync("acme", "doc_a"));

        // The same id and bytes uploaded afresh start without the deleted document's corrections.
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0, "alpha")]);
        var chunk = Assert.Single(await Store.GetChunksAsync("doc_a"));
        Assert.Equal("alpha", chunk.Text);
        Assert.Null(chunk.Correction);
    }
}
