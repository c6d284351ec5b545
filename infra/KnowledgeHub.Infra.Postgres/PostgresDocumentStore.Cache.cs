using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeHub.Infra.Postgres;

public sealed partial class PostgresDocumentStore
{
    public Task DeleteChunksBelowVersionAsync(string documentId, int keepVersion, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            idempotent: true,
            "DELETE FROM chunks WHERE document_id = @document_id AND version < @version;",
            cancellationToken,
            DocumentRows.Text("document_id", documentId),
            DocumentRows.Integer("version", keepVersion));

    public Task<IReadOnlyDictionary<string, float[]>> GetCachedEmbeddingsAsync(string modelId, IReadOnlyCollection<string> textHashes, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyDictionary<string, float[]>>(
            idempotent: true,
            async (connection, token) =>
            {
                var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
                if (textHashes.Count == 0)
                {
                    return result;
                }

                await using var command = new NpgsqlCommand("SELECT text_hash, vector FROM embedding_cache WHERE model = @model AND text_hash = ANY(@hashes);", connection);
                command.Parameters.Add(DocumentRows.Text("model", modelId));
                command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", textHashes.ToArray()));
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    result[reader.GetString(0)] = DocumentColumns.VectorFromBytes(reader.GetFieldValue<byte[]>(1));
                }

                return result;
            },
            cancellationToken);

    public Task PutCachedEmbeddingsAsync(string modelId, IReadOnlyList<KeyValuePair<string, float[]>> entries, CancellationToken cancellationToken = default) =>
        // ON CONFLICT DO NOTHING makes a repeat harmless.
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    INSERT INTO embedding_cache (model, text_hash, vector)
                    SELECT @model, h, v FROM unnest(@hashes, @vectors) AS t(h, v)
                    ON CONFLICT DO NOTHING;
                    """,
                    connection);
                command.Parameters.Add(DocumentRows.Text("model", modelId));
                command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", entries.Select(e => e.Key).ToArray()));
                command.Parameters.Add(new NpgsqlParameter("vectors", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = entries.Select(e => DocumentColumns.VectorBytes(e.Value)).ToArray() });
                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);
}
