using KnowledgeHub.Infra.Qdrant;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Tests;

public sealed class IndexConfigurationTests
{
    [Fact]
    public async Task A_qdrant_index_without_a_url_stops_the_server_at_start_naming_the_key()
    {
        await using var app = KnowledgeHubApp.CreateServer(
            ["--urls", "http://127.0.0.1:0", $"--KnowledgeHub:DataPath={KnowledgeHubServer.NewDataPath()}", "--KnowledgeHub:Index:Provider=qdrant"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("KnowledgeHub:Index:Qdrant:Url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_fusion_entry_for_a_collection_stops_the_server_at_start_naming_it()
    {
        await using var app = KnowledgeHubApp.CreateServer(
            ["--urls", "http://127.0.0.1:0", $"--KnowledgeHub:DataPath={KnowledgeHubServer.NewDataPath()}", "--KnowledgeHub:Retrieval:Fusion:Collections:papers:Method=max"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("KnowledgeHub:Retrieval:Fusion:Collections:papers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_index_provider_is_a_configuration_error()
    {
        var exitCode = await CommandLine.RunAsync(["reindex", $"--KnowledgeHub:DataPath={KnowledgeHubServer.NewDataPath()}", "--KnowledgeHub:Index:Provider=elastic"]);

        Assert.Equal(3, exitCode);
    }

    [Theory]
    [InlineData(null, typeof(EmbeddedIndex))]
    [InlineData("embedded", typeof(EmbeddedIndex))]
    [InlineData("qdrant", typeof(QdrantSearchIndex))]
    public async Task The_provider_chooses_the_index_implementation(string? provider, Type expected)
    {
        var dataPath = KnowledgeHubServer.NewDataPath();
        string[] args = provider is null
            ? [$"--KnowledgeHub:DataPath={dataPath}"]
            : [$"--KnowledgeHub:DataPath={dataPath}", $"--KnowledgeHub:Index:Provider={provider}", "--KnowledgeHub:Index:Qdrant:Url=http://127.0.0.1:1"];
        await using var app = KnowledgeHubApp.CreateTool(args);

        var index = app.Services.GetRequiredService<ISearchIndex>();

        Assert.IsType(expected, index);
        (index as IDisposable)?.Dispose();
        Directory.Delete(dataPath, recursive: true);
    }
}
