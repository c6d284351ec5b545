using KnowledgeHub.Infra.Postgres;
using KnowledgeHub.Orchestration.Conversations;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeHub.Store.Tests;

/// <summary>The conversation compliance suite against PostgreSQL: one temporary database for the class, emptied before each test.</summary>
[RequiresPostgres]
public sealed class PostgresConversationStoreTests(PostgresDatabaseFixture fixture) : ConversationStoreCompliance, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IConversationStore> CreateStoreAsync()
    {
        await new PostgresDocumentStore(fixture.Database.DataSource, Time, NullLogger<PostgresDocumentStore>.Instance).InitializeAsync();
        await fixture.Database.ExecuteAsync("TRUNCATE conversations, conversation_turns, turn_feedback, usage_archive;");
        return new PostgresConversationStore(fixture.Database.DataSource, Time, NullLogger<PostgresConversationStore>.Instance);
    }
}
