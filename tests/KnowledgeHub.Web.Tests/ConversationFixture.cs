using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// One server with three small documents in collection "dosing" (adult and child dosing of paracetamol, and an unrelated
/// one) and one in "volcanoes", ingested by the real pipeline; plus a client holding an ask key of another tenant.
/// </summary>
public sealed class ConversationFixture : IAsyncLifetime
{
    public const string Adults = "paracetamol-adults.txt";
    public const string Children = "paracetamol-children.txt";
    public const string Storage = "paracetamol-storage.txt";

    private KnowledgeHubServer? server;
    private HttpClient? otherTenant;

    public KnowledgeHubServer Server => server ?? throw new InvalidOperationException("The fixture did not start.");

    /// <summary>A client whose key belongs to tenant "globex" (role ask).</summary>
    public HttpClient OtherTenant => otherTenant ?? throw new InvalidOperationException("The fixture did not start.");

    public Dictionary<string, string> Ids { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        server = await KnowledgeHubServer.StartAsync();
        var documents = new (string Name, string Collection, string Text)[]
        {
            (Adults, "dosing", "Paracetamol dose for adults. Adults and children over 16 take 500 mg to 1 g of paracetamol every four to six hours. Adults must not take more than 4 g of paracetamol in 24 hours."),
            (Children, "dosing", "Paracetamol dose for children. Children aged 6 to 12 years take 250 mg to 500 mg of paracetamol every four to six hours. Infants and young children are dosed by body weight, about 15 mg per kilogram."),
            (Storage, "dosing", "Storing medicines. Keep tablets in a dry place below 25 degrees and out of the reach of children. Return unused medicines to a pharmacy."),
            ("volcanoes.txt", "volcanoes", "Volcanic eruptions. Stratovolcanoes erupt explosively because their magma is viscous and rich in gas. Shield volcanoes erupt fluid basaltic lava."),
        };
        foreach (var (name, collection, text) in documents)
        {
            var uploaded = await Server.UploadAsync(name, Encoding.UTF8.GetBytes(text), collection);
            Ids[name] = uploaded.GetProperty("id").GetString()!;
        }

        foreach (var id in Ids.Values)
        {
            Assert.Equal("completed", (await Server.WaitForEndAsync(id)).GetProperty("status").GetString());
        }

        var key = await Server.PostJsonAsync("/api/keys", new { name = "globex asker", role = "ask", tenant = "globex" });
        otherTenant = new HttpClient { BaseAddress = Server.Client.BaseAddress };
        otherTenant.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.GetProperty("key").GetString());
    }

    public async Task DisposeAsync()
    {
        otherTenant?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    public async Task<JsonElement> AskAsync(string question, string? conversationId = null, string? collection = "dosing") =>
        await Server.PostJsonAsync("/api/ask", new { question, conversationId, collection });

    public async Task<JsonElement> GetAsync(string path) => (await Server.Client.GetFromJsonAsync<JsonElement>(path, KnowledgeHubServer.Json)).Clone();
}
