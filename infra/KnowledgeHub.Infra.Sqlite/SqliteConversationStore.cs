using System.Globalization;
using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Orchestration.Conversations;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Infra.Sqlite;

/// <summary>Conversations, turns and feedback in the same SQLite file as the documents (tables created by <see cref="SqliteDocumentStore.InitializeAsync"/>).</summary>
public sealed class SqliteConversationStore(string databasePath) : IConversationStore
{
    private const string ConversationColumns = "id, tenant, collection, created_at, updated_at, turn_count";

    private static readonly string TurnColumns = TurnStatements.Columns(SqlDialect.Sqlite);

    private const string FeedbackColumns = ConversationRows.FeedbackColumns;

    private readonly string connectionString = SqliteDatabase.ConnectionString(databasePath);

    public async Task CreateAsync(Conversation conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO conversations ({ConversationColumns}) VALUES ($id, $tenant, $collection, $created_at, $updated_at, 0);";
        command.Parameters.AddWithValue("$id", conversation.Id);
        command.Parameters.AddWithValue("$tenant", conversation.Tenant);
        command.Parameters.AddWithValue("$collection", (object?)conversation.Collection ?? DBNull.Value);
        command.Parameters.AddWithValue("$created_at", SqliteDatabase.Time(conversation.CreatedAt));
        command.Parameters.AddWithValue("$updated_at", SqliteDatabase.Time(conversation.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Conversation?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ConversationColumns} FROM conversations WHERE id = $id AND tenant = $tenant;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ConversationRows.ReadConversation(reader, SqliteDatabase.ReadTime) : null;
    }

    public async Task<ConversationPage> ListAsync(string tenant, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {ConversationColumns} FROM conversations WHERE tenant = $tenant ORDER BY updated_at DESC, id LIMIT $limit OFFSET $offset;
            SELECT COUNT(*) FROM conversations WHERE tenant = $tenant;
            """;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        var items = new List<Conversation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ConversationRows.ReadConversation(reader, SqliteDatabase.ReadTime));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ConversationPage(items, reader.GetInt32(0));
    }

    public async Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DELETE FROM turn_feedback WHERE tenant = $tenant AND turn_id IN (SELECT id FROM conversation_turns WHERE conversation_id = $id AND tenant = $tenant);
            DELETE FROM conversation_turns WHERE conversation_id = $id AND tenant = $tenant;
            DELETE FROM conversations WHERE id = $id AND tenant = $tenant;
            SELECT changes();
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$tenant", tenant);
        var deleted = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<int> DeleteInactiveAsync(DateTimeOffset inactiveBefore, bool keepWithFeedback, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            CREATE TEMP TABLE IF NOT EXISTS expired_conversations (id TEXT PRIMARY KEY);
            DELETE FROM expired_conversations;
            INSERT INTO expired_conversations (id)
                SELECT c.id FROM conversations c
                WHERE c.updated_at < $before
                  AND ($keep = 0 OR NOT EXISTS (
                      SELECT 1 FROM conversation_turns t JOIN turn_feedback f ON f.turn_id = t.id WHERE t.conversation_id = c.id))
                ORDER BY c.updated_at, c.id LIMIT $limit;
            INSERT INTO usage_archive (tenant, collection, answers, prompt_tokens, completion_tokens, retrieval_ms, generation_ms)
                SELECT tenant, COALESCE(collection, ''), COUNT(*), SUM(prompt_tokens), SUM(completion_tokens), SUM(retrieval_ms), SUM(generation_ms)
                FROM conversation_turns WHERE conversation_id IN (SELECT id FROM expired_conversations)
                GROUP BY tenant, COALESCE(collection, '')
                ON CONFLICT (tenant, collection) DO UPDATE SET
                    answers = answers + excluded.answers,
                    prompt_tokens = prompt_tokens + excluded.prompt_tokens,
                    completion_tokens = completion_tokens + excluded.completion_tokens,
                    retrieval_ms = retrieval_ms + excluded.retrieval_ms,
                    generation_ms = generation_ms + excluded.generation_ms;
            DELETE FROM turn_feedback WHERE turn_id IN (
                SELECT t.id FROM conversation_turns t WHERE t.conversation_id IN (SELECT id FROM expired_conversations));
            DELETE FROM conversation_turns WHERE conversation_id IN (SELECT id FROM expired_conversations);
            DELETE FROM conversations WHERE id IN (SELECT id FROM expired_conversations);
            SELECT changes();
            """;
        command.Parameters.AddWithValue("$before", SqliteDatabase.Time(inactiveBefore));
        command.Parameters.AddWithValue("$keep", keepWithFeedback ? 1 : 0);
        command.Parameters.AddWithValue("$limit", limit);
        var deleted = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<RecordedTurn?> AddTurnAsync(RecordedTurn turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        int ordinal;
        await using (var bump = connection.CreateCommand())
        {
            bump.Transaction = transaction;
            bump.CommandText = TurnStatements.BumpTurnCount(SqlDialect.Sqlite);
            SqliteDatabase.Bind(bump, TurnStatements.BumpArguments(turn));
            if (await bump.ExecuteScalarAsync(cancellationToken) is not long count)
            {
                return null;
            }

            ordinal = (int)count;
        }

        var stored = turn with { Ordinal = ordinal };
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = TurnStatements.Insert(SqlDialect.Sqlite);
            SqliteDatabase.Bind(insert, TurnStatements.InsertArguments(stored));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<IReadOnlyList<RecordedTurn>> GetTurnsAsync(string tenant, string conversationId, CancellationToken cancellationToken = default) =>
        await QueryTurnsAsync(
            "WHERE t.conversation_id = $id AND t.tenant = $tenant ORDER BY t.ordinal",
            cancellationToken,
            ("$id", conversationId),
            ("$tenant", tenant));

    public async Task<RecordedTurn?> GetTurnAsync(string tenant, string turnId, CancellationToken cancellationToken = default) =>
        (await QueryTurnsAsync("WHERE t.id = $id AND t.tenant = $tenant", cancellationToken, ("$id", turnId), ("$tenant", tenant))).SingleOrDefault();

    public async Task<bool> SetFeedbackAsync(TurnFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = TurnStatements.UpsertFeedback(SqlDialect.Sqlite);
        SqliteDatabase.Bind(command, TurnStatements.FeedbackArguments(feedback));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<TurnFeedback?> GetFeedbackAsync(string tenant, string turnId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {FeedbackColumns} FROM turn_feedback f WHERE f.turn_id = $id AND f.tenant = $tenant;";
        command.Parameters.AddWithValue("$id", turnId);
        command.Parameters.AddWithValue("$tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ConversationRows.ReadFeedback(reader, 0, SqliteDatabase.ReadTime) : null;
    }

    public async Task<IReadOnlyList<CollectionUsage>> GetUsageAsync(string tenant, string? collection, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT collection, SUM(answers), SUM(prompt_tokens), SUM(completion_tokens), SUM(retrieval_ms), SUM(generation_ms) FROM (
                SELECT collection, COUNT(*) AS answers, SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens,
                    SUM(retrieval_ms) AS retrieval_ms, SUM(generation_ms) AS generation_ms
                FROM conversation_turns WHERE tenant = $tenant AND ($collection IS NULL OR collection = $collection)
                GROUP BY collection
                UNION ALL
                SELECT NULLIF(collection, ''), answers, prompt_tokens, completion_tokens, retrieval_ms, generation_ms
                FROM usage_archive WHERE tenant = $tenant AND ($collection IS NULL OR collection = $collection))
            GROUP BY collection ORDER BY collection;
            """;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$collection", (object?)collection ?? DBNull.Value);
        var result = new List<CollectionUsage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(ConversationRows.ReadUsage(reader));
        }

        return result;
    }

    public async Task<IReadOnlyList<ApprovedTurn>> ListApprovedAsync(string tenant, string? collection, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {TurnColumns}, {FeedbackColumns}
            FROM conversation_turns t JOIN turn_feedback f ON f.turn_id = t.id AND f.tenant = t.tenant
            WHERE t.tenant = $tenant AND ($collection IS NULL OR t.collection = $collection)
                AND (f.rating = 'up' OR (f.corrected_answer IS NOT NULL AND TRIM(f.corrected_answer) <> ''))
            ORDER BY t.asked_at, t.id;
            """;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$collection", (object?)collection ?? DBNull.Value);
        var result = new List<ApprovedTurn>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ApprovedTurn(ConversationRows.ReadTurn(reader, SqliteDatabase.ReadTime), ConversationRows.ReadFeedback(reader, 19, SqliteDatabase.ReadTime)));
        }

        return result;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteDatabase.OpenAsync(connectionString, cancellationToken);

    private Task<List<RecordedTurn>> QueryTurnsAsync(string where, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        SqliteDatabase.QueryAsync(connectionString, $"SELECT {TurnColumns} FROM conversation_turns t {where};", r => ConversationRows.ReadTurn(r, SqliteDatabase.ReadTime), cancellationToken, parameters);



}
