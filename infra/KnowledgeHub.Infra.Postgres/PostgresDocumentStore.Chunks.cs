using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeHub.Infra.Postgres;

public sealed partial class PostgresDocumentStore
{
    public Task ReplaceChunksAsync(string documentId, int version, IReadOnlyList<StoredChunk> chunks, DocumentProgress? progress = null, CancellationToken cancellationToken = default) =>
        // Delete, copy and status share one transaction, so a repeat after an unknown outcome converges on the same rows.
        RunAsync(
            idempotent: progress is not { IncrementAttempts: true },
            async (connection, token) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(token);
                await using (var delete = new NpgsqlCommand("DELETE FROM chunks WHERE document_id = @document_id AND version = @version;", connection, transaction))
                {
                    delete.Parameters.Add(DocumentRows.Text("document_id", documentId));
                    delete.Parameters.Add(DocumentRows.Integer("version", version));
                    await delete.ExecuteNonQueryAsync(token);
                }

                // Binary COPY: one round trip for thousands of chunks; a bad row fails the whole copy.
                await using (var copy = await connection.BeginBinaryImportAsync(
                    "COPY chunks (id, document_id, version, ordinal, page, heading_path, text, token_count, box, suspicious) FROM STDIN (FORMAT BINARY)", token))
                {
                    foreach (var chunk in chunks)
                    {
                        await copy.StartRowAsync(token);
                        await copy.WriteAsync(chunk.Id, NpgsqlDbType.Text, token);
                        await copy.WriteAsync(chunk.DocumentId, NpgsqlDbType.Text, token);
                        await copy.WriteAsync(chunk.Version, NpgsqlDbType.Integer, token);
                        await copy.WriteAsync(chunk.Ordinal, NpgsqlDbType.Integer, token);
                        await WriteNullableAsync(copy, chunk.Page, NpgsqlDbType.Integer, token);
                        await WriteNullableAsync(copy, chunk.HeadingPath, NpgsqlDbType.Text, token);
                        await copy.WriteAsync(chunk.Text, NpgsqlDbType.Text, token);
                        await copy.WriteAsync(chunk.TokenCount, NpgsqlDbType.Integer, token);
                        await WriteNullableAsync(copy, chunk.Box?.ToString(), NpgsqlDbType.Text, token);
                        await WriteNullableAsync(copy, chunk.Suspicious, NpgsqlDbType.Text, token);
                    }

                    await copy.CompleteAsync(token);
                }

                if (progress is not null)
                {
                    await using var update = ProgressCommand(connection, transaction, documentId, progress);
                    await update.ExecuteNonQueryAsync(token);
                }

                await transaction.CommitAsync(token);
                return chunks.Count;
            },
            cancellationToken);

    public Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<StoredChunk>>(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(DocumentColumns.CorrectedChunksQuery("@document_id"), connection);
                command.Parameters.Add(DocumentRows.Text("document_id", documentId));
                var result = new List<StoredChunk>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    result.Add(DocumentColumns.ReadCorrectedChunk(reader, static (r, i) => r.GetFieldValue<DateTimeOffset>(i)));
                }

                return result;
            },
            cancellationToken);

    public Task SaveChunkCorrectionAsync(ChunkCorrection correction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(correction);
        return RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    INSERT INTO chunk_corrections (document_id, content_hash, ordinal, original_text, text, token_count, excluded, edited_by, edited_by_name, edited_at)
                    VALUES (@document_id, @content_hash, @ordinal, @original_text, @text, @token_count, @excluded, @edited_by, @edited_by_name, @edited_at)
                    ON CONFLICT (document_id, content_hash, ordinal) DO UPDATE SET
                        original_text = EXCLUDED.original_text, text = EXCLUDED.text, token_count = EXCLUDED.token_count, excluded = EXCLUDED.excluded,
                        edited_by = EXCLUDED.edited_by, edited_by_name = EXCLUDED.edited_by_name, edited_at = EXCLUDED.edited_at;
                    """,
                    connection);
                command.Parameters.Add(DocumentRows.Text("document_id", correction.DocumentId));
                command.Parameters.Add(DocumentRows.Text("content_hash", correction.ContentHash));
                command.Parameters.Add(DocumentRows.Integer("ordinal", correction.Ordinal));
                command.Parameters.Add(DocumentRows.Text("original_text", correction.OriginalText));
                command.Parameters.Add(DocumentRows.Text("text", correction.Text));
                command.Parameters.Add(new NpgsqlParameter<bool>("excluded", correction.Excluded));
                command.Parameters.Add(DocumentRows.Integer("token_count", correction.TokenCount));
                command.Parameters.Add(DocumentRows.Text("edited_by", correction.EditedBy));
                command.Parameters.Add(DocumentRows.Text("edited_by_name", correction.EditedByName));
                command.Parameters.Add(DocumentRows.Timestamp("edited_at", correction.EditedAt));
                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);
    }

    public Task<bool> SetChunkSuspiciousAsync(string chunkId, string? reason, CancellationToken cancellationToken = default) =>
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand("UPDATE chunks SET suspicious = @suspicious WHERE id = @id;", connection);
                command.Parameters.Add(DocumentRows.Text("id", chunkId));
                command.Parameters.Add(new NpgsqlParameter<string?>("suspicious", NpgsqlDbType.Text) { TypedValue = reason });
                return await command.ExecuteNonQueryAsync(token) > 0;
            },
            cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> CountSuspiciousChunksAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        return documentIds.Count == 0
            ? Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>(StringComparer.Ordinal))
            : RunAsync<IReadOnlyDictionary<string, int>>(
                idempotent: true,
                async (connection, token) =>
                {
                    await using var command = new NpgsqlCommand(
                        """
                        SELECT c.document_id, COUNT(*)::int FROM chunks c JOIN documents d ON d.id = c.document_id AND d.version = c.version
                        WHERE c.suspicious IS NOT NULL AND c.document_id = ANY(@ids)
                        GROUP BY c.document_id;
                        """,
                        connection);
                    command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. documentIds] });
                    var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                    await using var reader = await command.ExecuteReaderAsync(token);
                    while (await reader.ReadAsync(token))
                    {
                        counts[reader.GetString(0)] = reader.GetInt32(1);
                    }

                    return counts;
                },
                cancellationToken);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);
}
