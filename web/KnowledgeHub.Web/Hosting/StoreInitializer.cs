using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Web.Hosting;

/// <summary>Creates the schema before anything else touches the store (hosted services start in registration order).</summary>
public sealed class StoreInitializer(IDocumentStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
