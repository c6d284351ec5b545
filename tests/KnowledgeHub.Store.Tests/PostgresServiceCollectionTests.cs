using KnowledgeHub.TestSupport;
using KnowledgeHub.Infra.Postgres;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KnowledgeHub.Store.Tests;

public sealed class PostgresServiceCollectionTests
{
    [Fact]
    public async Task AddPostgresDocumentStore_registers_one_store_over_its_own_data_source_without_connecting()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddPostgresDocumentStore(_ => "Host=127.0.0.1;Port=1;Username=nobody;Database=none");
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IDocumentStore>();

        Assert.IsType<PostgresDocumentStore>(store);
        Assert.Same(store, provider.GetRequiredService<IDocumentStore>());
        var dataSource = provider.GetRequiredKeyedService<NpgsqlDataSource>(PostgresServiceCollectionExtensions.DataSourceKey);
        Assert.Equal("none", new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database);
    }

    [PostgresRequiredFact]
    public async Task The_registered_store_initializes_and_works_against_the_server()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        var services = new ServiceCollection().AddLogging().AddPostgresDocumentStore(_ => database.ConnectionString);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDocumentStore>();

        await store.InitializeAsync();

        Assert.Equal(0, await store.CountByHashAsync("nothing"));
    }
}
