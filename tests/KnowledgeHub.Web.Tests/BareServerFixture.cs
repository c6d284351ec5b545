namespace KnowledgeHub.Web.Tests;

/// <summary>One server with an empty data folder, shared by the tests of a class (they add the keys and documents they need).</summary>
public sealed class BareServerFixture : IAsyncLifetime
{
    private KnowledgeHubServer? server;

    public KnowledgeHubServer Server => server ?? throw new InvalidOperationException("The fixture did not start.");

    public async Task InitializeAsync() => server = await KnowledgeHubServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
