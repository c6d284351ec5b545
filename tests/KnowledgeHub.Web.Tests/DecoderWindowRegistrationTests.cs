using KnowledgeHub.Orchestration;
using KnowledgeHub.TestSupport;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

public sealed class DecoderWindowRegistrationTests
{
    [SharedDataFact]
    public async Task The_local_model_packs_passages_with_its_own_tokenizer_and_context_size()
    {
        await using var app = KnowledgeHubApp.CreateTool(
            [$"--KnowledgeHub:DataPath={KnowledgeHubServer.NewDataPath()}", $"--KnowledgeHub:Model:Path={SharedData.PathTo("models", "stories260K.gguf")}", "--KnowledgeHub:Model:ContextSize=1024"]);

        var window = app.Services.GetRequiredService<IDecoderWindow>();

        Assert.Equal(1024, window.ContextTokens);
        Assert.IsNotType<EstimatedDecoderWindow>(window);

        // stories260K's small vocabulary takes far more tokens than the four-characters estimate.
        const string text = "The maintenance crew inspected the corroded pump housing before the winter storms arrived.";
        Assert.True(window.CountTokens(text) > TokenEstimate.Of(text));
    }

    [Fact]
    public async Task An_openai_compatible_server_is_estimated_against_its_configured_context_size()
    {
        await using var app = KnowledgeHubApp.CreateTool(
            [$"--KnowledgeHub:DataPath={KnowledgeHubServer.NewDataPath()}", "--KnowledgeHub:Model:Endpoint=http://127.0.0.1:9/v1", "--KnowledgeHub:Model:Name=m", "--KnowledgeHub:Model:ContextSize=32768"]);

        var window = Assert.IsType<EstimatedDecoderWindow>(app.Services.GetRequiredService<IDecoderWindow>());

        Assert.Equal(32768, window.ContextTokens);
    }

    [Fact]
    public async Task Without_a_decoder_there_is_no_window()
    {
        await using var app = KnowledgeHubApp.CreateTool([$"--KnowledgeHub:DataPath={KnowledgeHubServer.NewDataPath()}"]);

        Assert.Null(app.Services.GetService<IDecoderWindow>());
    }
}
