using System.ClientModel;
using System.Text.Json;
using KnowledgeHub.TestSupport;
using OpenAI;
using OpenAI.Chat;

namespace KnowledgeHub.Web.Tests.OpenAI;

/// <summary>One server with two collections of real PDFs, ingested by the real jobs, for the OpenAI-compatible tests.</summary>
public sealed class OpenAIFixture : IAsyncLifetime
{
    public const string Manuals = "manuals";
    public const string Quotes = "quotes";

    private KnowledgeHubServer? server;

    public KnowledgeHubServer Server => server ?? throw new InvalidOperationException("The fixture did not start.");

    public Dictionary<string, JsonElement> Finished { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        if (SharedData.RootOrNull is null && !SharedData.IsCi)
        {
            return; // every test here is a [SharedDataFact] and is skipped
        }

        server = await KnowledgeHubServer.StartAsync();
        var uploaded = new Dictionary<string, JsonElement>
        {
            [EndToEndFixture.MultiColumnPdf] = await Server.UploadFileAsync(SharedData.PdfSample(EndToEndFixture.MultiColumnPdf), Manuals),
            [EndToEndFixture.CrazyOnesPdf] = await Server.UploadFileAsync(SharedData.PdfSample(EndToEndFixture.CrazyOnesPdf), Quotes),
        };
        foreach (var (name, document) in uploaded)
        {
            Finished[name] = await Server.WaitForEndAsync(document.GetProperty("id").GetString()!);
            Assert.Equal("completed", Finished[name].GetProperty("status").GetString());
        }
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    public OpenAIClientOptions ClientOptions() => new() { Endpoint = new Uri(Server.Client.BaseAddress!, "/v1") };

    /// <summary>The official OpenAI client, pointed at the server with the test admin key.</summary>
    public ChatClient Chat(string model) => new(model, new ApiKeyCredential(KnowledgeHubServer.AdminKey), ClientOptions());

    public OpenAIClient Client() => new(new ApiKeyCredential(KnowledgeHubServer.AdminKey), ClientOptions());
}
