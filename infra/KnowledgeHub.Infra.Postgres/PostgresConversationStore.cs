using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Orchestration.Conversations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KnowledgeHub.Infra.Postgres;

/// <summary>
/// Conversations, turns and feedback in PostgreSQL, in the database of the documents (tables from migration 0004, which
/// <see cref="PostgresDocumentStore.InitializeAsync"/> applies). Turns and feedback go with their conversation
/// (ON DELETE CASCADE). The data source belongs to the caller.
/// </summary>
public sealed class PostgresConversationStore(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<PostgresConversationStore> logger) : IConversationStore
{
    private const string ConversationColumns = "id, tenant, collection, created_at, updated_at, turn_count";

    private static readonly string TurnColumns = TurnStatements.Columns(SqlDialect.Postgres);

    private const string FeedbackColumns = ConversationRows.FeedbackColumns;

    private static readonly Func<System.Data.Common.DbDataReader, int, DateTimeOffset> Time = static (r, i) => r.GetFieldValue<DateTimeOffset>(i);

    private readonly TransientRetry retry = new(logger, timeProvider);

    public Task CreateAsync(Conversation conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);

        // Not repeated after an unknown outcome: a repeat of a committed insert would fail on the primary key.
        return RunAsync(
            idempotent: false,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    $"INSERT INTO conversations ({ConversationColumns}) VALUES (@id, @tenant, @collection, @created_at, @updated_at, 0);",
                    connection);
                command.Parameters.Add(DocumentRows.Text("id", conversation.Id));
                command.Parameters.Add(DocumentRows.Text("tenant", conversation.Tenant));
                command.Parameters.Add(DocumentRows.Text("collection", conversation.Collection));
                command.Parameters.Add(DocumentRows.Timestamp("created_at", conversation.CreatedAt));
                command.Parameters.Add(DocumentRows.Timestamp("updated_at", conversation.UpdatedAt));
                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);
    }

    public Task<Conversation?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand($"SELECT {ConversationColumns} FROM conversations WHERE id = @id AND tenant = @tenant;", connection);
                command.Parameters.Add(DocumentRows.Text("id", id));
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                await using var reader = await command.ExecuteReaderAsync(token);
                return await reader.ReadAsync(token) ? ConversationRows.ReadConversation(reader, Time) : null;
            },
            cancellationToken);

    public Task<ConversationPage> ListAsync(string tenant, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var batch = new NpgsqlBatch(connection)
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand($"SELECT {ConversationColumns} FROM conversations WHERE tenant = @tenant ORDER BY updated_at DESC, id LIMIT @limit OFFSET @offset;")
                        {
                            Parameters = { DocumentRows.Text("tenant", tenant), DocumentRows.Integer("limit", limit), DocumentRows.Integer("offset", offset) },
                        },
                        new NpgsqlBatchCommand("SELECT COUNT(*)::integer FROM conversations WHERE tenant = @tenant;")
                        {
                            Parameters = { DocumentRows.Text("tenant", tenant) },
                        },
                    },
                };
                var items = new List<Conversation>();
                await using var reader = await batch.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    items.Add(ConversationRows.ReadConversation(reader, Time));
                }

                await reader.NextResultAsync(token);
                await reader.ReadAsync(token);
                return new ConversationPage(items, reader.GetInt32(0));
            },
            cancellationToken);
    }

    public Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand("DELETE FROM conversations WHERE id = @id AND tenant = @tenant;", connection);
                command.Parameters.Add(DocumentRows.Text("id", id));
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                return await command.ExecuteNonQueryAsync(token) > 0;
            },
            cancellationToken);

    public Task<int> DeleteInactiveAsync(DateTimeOffset inactiveBefore, bool keepWithFeedback, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        // Turns and feedback go with their conversation (ON DELETE CASCADE); their usage is added to usage_archive in
        // the same statement. SKIP LOCKED lets two processes purge at once without waiting on each other's rows, and
        // FOR UPDATE re-checks the cutoff on a conversation answered meanwhile.
        return RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    WITH expired AS (
                        SELECT c.id FROM conversations c
                        WHERE c.updated_at < @before
                          AND (NOT @keep OR NOT EXISTS (
                              SELECT 1 FROM conversation_turns t JOIN turn_feedback f ON f.turn_id = t.id WHERE t.conversation_id = c.id))
                        ORDER BY c.updated_at, c.id LIMIT @limit
                        FOR UPDATE SKIP LOCKED),
                    archived AS (
                        INSERT INTO usage_archive (tenant, collection, answers, prompt_tokens, completion_tokens, retrieval_ms, generation_ms)
                        SELECT tenant, COALESCE(collection, ''), COUNT(*), SUM(prompt_tokens), SUM(completion_tokens), SUM(retrieval_ms), SUM(generation_ms)
                        FROM conversation_turns WHERE conversation_id IN (SELECT id FROM expired)
                        GROUP BY tenant, COALESCE(collection, '')
                        ON CONFLICT (tenant, collection) DO UPDATE SET
                            answers = usage_archive.answers + EXCLUDED.answers,
                            prompt_tokens = usage_archive.prompt_tokens + EXCLUDED.prompt_tokens,
                            completion_tokens = usage_archive.completion_tokens + EXCLUDED.completion_tokens,
                            retrieval_ms = usage_archive.retrieval_ms + EXCLUDED.retrieval_ms,
                            generation_ms = usage_archive.generation_ms + EXCLUDED.generation_ms)
                    DELETE FROM conversations WHERE id IN (SELECT id FROM expired);
                    """,
                    connection);
                command.Parameters.Add(DocumentRows.Timestamp("before", inactiveBefore));
                command.Parameters.Add(new NpgsqlParameter<bool>("keep", keepWithFeedback));
                command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);
    }

    public Task<RecordedTurn?> AddTurnAsync(RecordedTurn turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);

        // Not repeated after an unknown outcome: a repeat would store the turn twice. The UPDATE's row lock numbers
        // turns of one conversation one after another even when two answers finish together.
        return RunAsync<RecordedTurn?>(
            idempotent: false,
            async (connection, token) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(token);
                int ordinal;
                await using (var bump = new NpgsqlCommand(TurnStatements.BumpTurnCount(SqlDialect.Postgres), connection, transaction))
                {
                    DocumentRows.Bind(bump, TurnStatements.BumpArguments(turn));
                    if (await bump.ExecuteScalarAsync(token) is not int count)
                    {
                        return null;
                    }

                    ordinal = count;
                }

                var stored = turn with { Ordinal = ordinal };
                await using (var insert = new NpgsqlCommand(TurnStatements.Insert(SqlDialect.Postgres), connection, transaction))
                {
                    DocumentRows.Bind(insert, TurnStatements.InsertArguments(stored));
                    await insert.ExecuteNonQueryAsync(token);
                }

                await transaction.CommitAsync(token);
                return stored;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<RecordedTurn>> GetTurnsAsync(string tenant, string conversationId, CancellationToken cancellationToken = default) =>
        await QueryTurnsAsync(
            "WHERE t.conversation_id = @id AND t.tenant = @tenant ORDER BY t.ordinal",
            cancellationToken,
            DocumentRows.Text("id", conversationId),
            DocumentRows.Text("tenant", tenant));

    public async Task<RecordedTurn?> GetTurnAsync(string tenant, string turnId, CancellationToken cancellationToken = default) =>
        (await QueryTurnsAsync("WHERE t.id = @id AND t.tenant = @tenant", cancellationToken, DocumentRows.Text("id", turnId), DocumentRows.Text("tenant", tenant)))
        .SingleOrDefault();

    public Task<bool> SetFeedbackAsync(TurnFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);

        // An upsert of the same values: repeating it changes nothing.
        return RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(TurnStatements.UpsertFeedback(SqlDialect.Postgres), connection);
                DocumentRows.Bind(command, TurnStatements.FeedbackArguments(feedback));
                return await command.ExecuteNonQueryAsync(token) == 1;
            },
            cancellationToken);
    }

    public Task<TurnFeedback?> GetFeedbackAsync(string tenant, string turnId, CancellationToken cancellationToken = default) =>
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand($"SELECT {FeedbackColumns} FROM turn_feedback f WHERE f.turn_id = @id AND f.tenant = @tenant;", connection);
                command.Parameters.Add(DocumentRows.Text("id", turnId));
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                await using var reader = await command.ExecuteReaderAsync(token);
                return await reader.ReadAsync(token) ? ConversationRows.ReadFeedback(reader, 0, Time) : null;
            },
            cancellationToken);

    public Task<IReadOnlyList<CollectionUsage>> GetUsageAsync(string tenant, string? collection, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<CollectionUsage>>(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    SELECT collection, SUM(answers)::integer, SUM(prompt_tokens)::bigint, SUM(completion_tokens)::bigint, SUM(retrieval_ms), SUM(generation_ms) FROM (
                        SELECT collection, COUNT(*) AS answers, SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens,
                            SUM(retrieval_ms) AS retrieval_ms, SUM(generation_ms) AS generation_ms
                        FROM conversation_turns WHERE tenant = @tenant AND (@collection::text IS NULL OR collection = @collection)
                        GROUP BY collection
                        UNION ALL
                        SELECT NULLIF(collection, ''), answers, prompt_tokens, completion_tokens, retrieval_ms, generation_ms
                        FROM usage_archive WHERE tenant = @tenant AND (@collection::text IS NULL OR collection = @collection)) u
                    GROUP BY collection ORDER BY collection NULLS LAST;
                    """,
                    connection);
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                command.Parameters.Add(DocumentRows.Text("collection", collection));
                var result = new List<CollectionUsage>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    result.Add(ConversationRows.ReadUsage(reader));
                }

                return result;
            },
            cancellationToken);

    public Task<IReadOnlyList<ApprovedTurn>> ListApprovedAsync(string tenant, string? collection, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<ApprovedTurn>>(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    $"""
                    SELECT {TurnColumns}, {FeedbackColumns}
                    FROM conversation_turns t JOIN turn_feedback f ON f.turn_id = t.id AND f.tenant = t.tenant
                    WHERE t.tenant = @tenant AND (@collection::text IS NULL OR t.collection = @collection)
                        AND (f.rating = 'up' OR btrim(COALESCE(f.corrected_answer, '')) <> '')
                    ORDER BY t.asked_at, t.id;
                    """,
                    connection);
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                command.Parameters.Add(DocumentRows.Text("collection", collection));
                var result = new List<ApprovedTurn>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    result.Add(new ApprovedTurn(ConversationRows.ReadTurn(reader, Time), ConversationRows.ReadFeedback(reader, 19, Time)));
                }

                return result;
            },
            cancellationToken);

    private Task<IReadOnlyList<RecordedTurn>> QueryTurnsAsync(string clause, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        RunAsync<IReadOnlyList<RecordedTurn>>(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand($"SELECT {TurnColumns} FROM conversation_turns t {clause};", connection);
                command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
                var result = new List<RecordedTurn>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    result.Add(ConversationRows.ReadTurn(reader, Time));
                }

                return result;
            },
            cancellationToken);




    private Task<T> RunAsync<T>(bool idempotent, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        retry.RunAsync(dataSource, idempotent, work, cancellationToken);
}
