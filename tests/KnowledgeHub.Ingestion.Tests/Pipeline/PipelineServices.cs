using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>The ingestion pipeline's container as the host wires it, on a SQLite store in a temp folder and an in-memory index.</summary>
internal static class PipelineServices
{
    /// <param name="index">Wraps the in-memory embedded index (a test double around it); null keeps it as it is.</param>
    /// <param name="parser">A parser registered ahead of the product's own, for an extension of its own.</param>
    public static ServiceProvider Build(
        TempFolder folder,
        ITextEncoder encoder,
        Func<ISearchIndex, ISearchIndex>? index = null,
        IDocumentParser? parser = null,
        params (string Key, string Value)[] settings) =>
        Collection(folder, encoder, index, parser, settings).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });

    /// <summary>The registrations of <see cref="Build"/>, for a test that replaces one (a later registration wins).</summary>
    public static ServiceCollection Collection(
        TempFolder folder,
        ITextEncoder encoder,
        Func<ISearchIndex, ISearchIndex>? index = null,
        IDocumentParser? parser = null,
        params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());
        services.AddSingleton(encoder);
        services.AddSingleton<ISearchIndex>(_ =>
        {
            var embedded = EmbeddedIndex.Open(null, encoder.ModelId, encoder.Dimensions);
            return index is null ? embedded : index(embedded);
        });
        if (parser is not null)
        {
            services.AddSingleton(parser);
        }

        services.AddSqliteDocumentStore(_ => folder.File("store.db"));
        services.AddIngestion(_ => folder.File("originals"));
        return services;
    }
}
