using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Rescoring;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Tests;

public sealed class RescoringConfigurationTests
{
    [Fact]
    public async Task By_default_the_second_encoder_rescores_with_the_int8_arctic_model_and_ranks_its_best_match_first()
    {
        var dataPath = KnowledgeHubServer.NewDataPath();
        await using var app = KnowledgeHubApp.CreateTool([$"--KnowledgeHub:DataPath={dataPath}"]);

        var rescorer = Assert.IsType<EncoderRescorer>(app.Services.GetRequiredService<IRescorer>());
        Assert.Equal("snowflake-arctic-embed-xs-int8", rescorer.ModelId);
        Assert.Equal(10, rescorer.Depth);

        // The real second model: of two close fused candidates in the wrong order, the one that answers the query rises.
        float[] unused = [1f];
        SearchHit[] candidates =
        [
            Hit("parking", "Visitors park in the north lot; the gate opens at seven.", 0.81),
            Hit("refund", "Customers can return a product within fourteen days for a full refund.", 0.80),
            Hit("budget", "The facilities budget for next year is attached.", 0.10),
        ];
        var rescored = await rescorer.RescoreAsync("How long do I have to return an item for my money back?", unused, candidates, CancellationToken.None);

        Assert.Equal(["refund", "parking", "budget"], rescored.Select(h => h.Chunk.Id));
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task Beside_an_arctic_index_the_second_encoder_is_minilm_at_the_configured_precision()
    {
        var dataPath = KnowledgeHubServer.NewDataPath();
        await using var app = KnowledgeHubApp.CreateTool(
            [$"--KnowledgeHub:DataPath={dataPath}", "--KnowledgeHub:Encoder:Model=snowflake-arctic-embed-xs", "--KnowledgeHub:Retrieval:Rescoring:Precision=float32"]);

        Assert.Equal("all-MiniLM-L6-v2", Assert.IsType<EncoderRescorer>(app.Services.GetRequiredService<IRescorer>()).ModelId);
    }

    [Fact]
    public async Task Rescorer_none_registers_no_rescorer()
    {
        var dataPath = KnowledgeHubServer.NewDataPath();
        await using var app = KnowledgeHubApp.CreateTool([$"--KnowledgeHub:DataPath={dataPath}", "--KnowledgeHub:Retrieval:Rescoring:Rescorer=none"]);

        Assert.Null(app.Services.GetService<IRescorer>());
    }

    [Fact]
    public async Task Collection_entries_route_each_collections_searches_to_its_own_rescorer_and_depth()
    {
        var dataPath = KnowledgeHubServer.NewDataPath();
        await using var app = KnowledgeHubApp.CreateTool(
        [
            $"--KnowledgeHub:DataPath={dataPath}",
            "--KnowledgeHub:Retrieval:Rescoring:Collections:papers:Rescorer=sentence",
            "--KnowledgeHub:Retrieval:Rescoring:Collections:chat:Rescorer=none",
            "--KnowledgeHub:Retrieval:Rescoring:Collections:manuals:Depth=20",
        ]);

        var router = Assert.IsType<RescorerRouter>(app.Services.GetRequiredService<IRescorer>());

        Assert.IsType<SentenceRescorer>(router.For("papers"));
        Assert.Equal(30, router.DepthFor("papers"));
        Assert.Null(router.For("chat"));
        Assert.Equal(0, router.DepthFor("chat"));
        Assert.Equal(20, router.DepthFor("manuals"));
        Assert.Equal(10, router.DepthFor(null));
        // One second encoder behind both: its id string is built once per loaded model.
        Assert.Same(Assert.IsType<EncoderRescorer>(router.For("manuals")).ModelId, Assert.IsType<EncoderRescorer>(router.For(null)).ModelId);
    }

    [Theory]
    [InlineData("Collections:papers:Rescorer=colbert", "KnowledgeHub:Retrieval:Rescoring:Collections:papers: The re-scorer must be")]
    [InlineData("Model=bge-large", "KnowledgeHub:Retrieval:Rescoring:Model must be a known encoder model (all-MiniLM-L6-v2, snowflake-arctic-embed-xs) or a model folder")]
    [InlineData("Precision=fp16", "KnowledgeHub:Retrieval:Rescoring:Precision must be 'float32' or 'int8'")]
    [InlineData("Rescorer=cross-encoder", "KnowledgeHub:Retrieval:Rescoring:Model must name the cross-encoder's model folder")]
    public async Task An_unknown_second_encoder_setting_stops_the_server_at_start_naming_the_key(string setting, string message)
    {
        await using var app = KnowledgeHubApp.CreateServer(
            ["--urls", "http://127.0.0.1:0", $"--KnowledgeHub:DataPath={KnowledgeHubServer.NewDataPath()}", $"--KnowledgeHub:Retrieval:Rescoring:{setting}"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static SearchHit Hit(string id, string text, double score) =>
        new(new IndexedChunk(id, "t1", "c1", id, 1, id + ".txt", null, 0, text, null, [1f]), score);
}
