using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Npgsql;

namespace KnowledgeHub.Infra.Postgres;

public sealed partial class PostgresDocumentStore
{
    public Task<IReadOnlyList<CollectionSummary>> ListCollectionsAsync(string tenant, CancellationToken cancellationToken = default) =>
        ListCollectionsAsync(tenant, accessGroups: null, cancellationToken);

    public Task<IReadOnlyList<CollectionSummary>> ListCollectionsAsync(
        string tenant, IReadOnlyList<string>? accessGroups, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<CollectionSummary>>(
            idempotent: true,
            async (connection, token) =>
            {
                var arguments = new List<SqlArgument> { SqlArgument.Text("tenant", tenant) };
                var readable = accessGroups is null ? "" : " AND " + DocumentPageSql.AccessFilter(SqlDialect.Postgres, accessGroups, arguments);
                await using var command = new NpgsqlCommand(
                    $"SELECT collection, COUNT(*)::integer, MIN(created_at) FROM documents WHERE tenant = @tenant{readable} GROUP BY collection ORDER BY collection COLLATE \"C\";",
                    connection);
                DocumentRows.Bind(command, arguments);
                var result = new List<CollectionSummary>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    result.Add(new CollectionSummary(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2)));
                }

                return result;
            },
            cancellationToken);
}
