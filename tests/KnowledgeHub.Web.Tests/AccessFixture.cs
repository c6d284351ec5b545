namespace KnowledgeHub.Web.Tests;

/// <summary>One server for the access tests; each test makes the keys it needs.</summary>
public sealed class AccessFixture : IAsyncLifetime
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
