using KnowledgeHub.Ingestion.Documents;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeHub.Infra.Postgres;

public sealed partial class PostgresDocumentStore
{
    public Task ReplaceChunksAsync(string documentId, int version, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken = default) =>
        // Delete and copy share one transaction, so a repeat after an unknown outcome converges on the same rows.
        RunAsync(
            idempotent: true,
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
                    "COPY chunks (id, document_id, version, ordinal, page, heading_path, text, token_count, box) FROM STDIN (FORMAT BINARY)", token))
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
                    }

                    await copy.CompleteAsync(token);
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
                await using var command = new NpgsqlCommand(
                    $"""
                    SELECT {DocumentColumns.Chunks}
                    FROM chunks WHERE document_id = @document_id ORDER BY version, ordinal;
                    """,
                    connection);
                command.Parameters.Add(DocumentRows.Text("document_id", documentId));
                var result = new List<StoredChunk>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    result.Add(DocumentColumns.ReadChunk(reader));
                }

                return result;
            },
            cancellationToken);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);
}
