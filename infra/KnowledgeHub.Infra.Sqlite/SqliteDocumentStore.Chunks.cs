using System.Globalization;
using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Infra.Sqlite;

/// <summary>The chunks of a document version: replaced whole, read back, flagged, and pruned below a version.</summary>
public sealed partial class SqliteDocumentStore
{
    public async Task ReplaceChunksAsync(string documentId, int version, IReadOnlyList<StoredChunk> chunks, DocumentProgress? progress = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM chunks WHERE document_id = $document_id AND version = $version;";
            delete.Parameters.AddWithValue("$document_id", documentId);
            delete.Parameters.AddWithValue("$version", version);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO chunks (id, document_id, version, ordinal, page, heading_path, text, token_count, box, suspicious)
                VALUES ($id, $document_id, $version, $ordinal, $page, $heading_path, $text, $token_count, $box, $suspicious);
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var doc = insert.Parameters.Add("$document_id", SqliteType.Text);
            var ver = insert.Parameters.Add("$version", SqliteType.Integer);
            var ordinal = insert.Parameters.Add("$ordinal", SqliteType.Integer);
            var page = insert.Parameters.Add("$page", SqliteType.Integer);
            var heading = insert.Parameters.Add("$heading_path", SqliteType.Text);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            var tokens = insert.Parameters.Add("$token_count", SqliteType.Integer);
            var box = insert.Parameters.Add("$box", SqliteType.Text);
            var suspicious = insert.Parameters.Add("$suspicious", SqliteType.Text);
            foreach (var chunk in chunks)
            {
                id.Value = chunk.Id;
                doc.Value = chunk.DocumentId;
                ver.Value = chunk.Version;
                ordinal.Value = chunk.Ordinal;
                page.Value = (object?)chunk.Page ?? DBNull.Value;
                heading.Value = (object?)chunk.HeadingPath ?? DBNull.Value;
                text.Value = chunk.Text;
                tokens.Value = chunk.TokenCount;
                box.Value = (object?)chunk.Box?.ToString() ?? DBNull.Value;
                suspicious.Value = (object?)chunk.Suspicious ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (progress is not null)
        {
            await using var update = ProgressCommand(connection, documentId, progress);
            update.Transaction = transaction;
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = DocumentColumns.CorrectedChunksQuery("$document_id");
        command.Parameters.AddWithValue("$document_id", documentId);
        var result = new List<StoredChunk>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(DocumentColumns.ReadCorrectedChunk(reader, SqliteDatabase.ReadTime));
        }

        return result;
    }

    public async Task SaveChunkCorrectionAsync(ChunkCorrection correction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(correction);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO chunk_corrections (document_id, content_hash, ordinal, original_text, text, token_count, excluded, edited_by, edited_by_name, edited_at)
            VALUES ($document_id, $content_hash, $ordinal, $original_text, $text, $token_count, $excluded, $edited_by, $edited_by_name, $edited_at)
            ON CONFLICT (document_id, content_hash, ordinal) DO UPDATE SET
                original_text = excluded.original_text, text = excluded.text, token_count = excluded.token_count, excluded = excluded.excluded,
                edited_by = excluded.edited_by, edited_by_name = excluded.edited_by_name, edited_at = excluded.edited_at;
            """;
        command.Parameters.AddWithValue("$document_id", correction.DocumentId);
        command.Parameters.AddWithValue("$content_hash", correction.ContentHash);
        command.Parameters.AddWithValue("$ordinal", correction.Ordinal);
        command.Parameters.AddWithValue("$original_text", correction.OriginalText);
        command.Parameters.AddWithValue("$text", (object?)correction.Text ?? DBNull.Value);
        command.Parameters.AddWithValue("$excluded", correction.Excluded ? 1 : 0);
        command.Parameters.AddWithValue("$token_count", (object?)correction.TokenCount ?? DBNull.Value);
        command.Parameters.AddWithValue("$edited_by", correction.EditedBy);
        command.Parameters.AddWithValue("$edited_by_name", (object?)correction.EditedByName ?? DBNull.Value);
        command.Parameters.AddWithValue("$edited_at", SqliteDatabase.Time(correction.EditedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> SetChunkSuspiciousAsync(string chunkId, string? reason, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE chunks SET suspicious = $suspicious WHERE id = $id;";
        command.Parameters.AddWithValue("$id", chunkId);
        command.Parameters.AddWithValue("$suspicious", (object?)reason ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyDictionary<string, int>> CountSuspiciousChunksAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (documentIds.Count == 0)
        {
            return counts;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = documentIds.Select((id, i) =>
        {
            command.Parameters.AddWithValue("$d" + i.ToString(CultureInfo.InvariantCulture), id);
            return "$d" + i.ToString(CultureInfo.InvariantCulture);
        }).ToList();
        command.CommandText = $"""
            SELECT c.document_id, COUNT(*) FROM chunks c JOIN documents d ON d.id = c.document_id AND d.version = c.version
            WHERE c.suspicious IS NOT NULL AND c.document_id IN ({string.Join(", ", names)})
            GROUP BY c.document_id;
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    public async Task DeleteChunksBelowVersionAsync(string documentId, int keepVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM chunks WHERE document_id = $document_id AND version < $version;";
        command.Parameters.AddWithValue("$document_id", documentId);
        command.Parameters.AddWithValue("$version", keepVersion);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
