using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeHub.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

public sealed class HealthTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    [Fact]
    public async Task Live_answers_200_without_a_key()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Server.Client.BaseAddress };

        using var response = await anonymous.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_answers_200_without_a_key_and_describes_store_index_encoder_decoder_rescorer_and_ingestion()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Server.Client.BaseAddress };

        using var response = await anonymous.GetAsync("/health/ready");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        Assert.Equal(["decoder", "encoder", "index", "ingestion", "ocr", "rescorer", "store"], checks.Keys.Order());
        Assert.All(checks.Values, c => Assert.Equal("Healthy", c.GetProperty("status").GetString()));
        Assert.Contains("all-MiniLM-L6-v2", checks["encoder"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("on CPU.", checks["encoder"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("extractive", checks["decoder"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("snowflake-arctic-embed-xs-int8 embeds text on CPU", checks["rescorer"].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_answers_503_naming_the_store_when_the_database_cannot_be_opened()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        var database = server.Services.GetRequiredService<DataPaths>().Database;

        // The database file becomes unopenable (a directory in its place); pooled handles are dropped so the next query reopens it.
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }

        Directory.CreateDirectory(database);
        SqliteConnection.ClearAllPools();
        using var response = await server.Client.GetAsync("/health/ready");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var store = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "store");
        Assert.Equal("Unhealthy", store.GetProperty("status").GetString());
        Assert.Contains("does not answer", store.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/live")).StatusCode);
    }
}
