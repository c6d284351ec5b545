using System.ComponentModel.DataAnnotations;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infra.Tests.Onnx;

public sealed class EncoderOptionsTests
{
    [Fact]
    public void Defaults_select_MiniLM_on_CPU_with_batches_of_32()
    {
        var options = new EncoderOptions();

        Assert.Equal("all-MiniLM-L6-v2", options.Model);
        Assert.False(options.UseCuda);
        Assert.Equal(0, options.IntraOpThreads);
        Assert.Equal(32, options.BatchSize);
    }

    [Fact]
    public void An_unknown_model_fails_validation_naming_the_allowed_models()
    {
        var error = Assert.Throws<ValidationException>(
            () => OnnxTextEncoder.Create(new EncoderOptions { Model = "bert-large" }, TestModelCache.Folder));

        Assert.Contains("bert-large", error.Message, StringComparison.Ordinal);
        Assert.Contains("all-MiniLM-L6-v2", error.Message, StringComparison.Ordinal);
        Assert.Contains("snowflake-arctic-embed-xs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOnnxEncoder_rejects_an_unknown_configured_model_with_the_allowed_names()
    {
        using var services = BuildServices(new() { ["KnowledgeHub:Encoder:Model"] = "bert-large" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EncoderOptions>>().Value);

        Assert.Contains("all-MiniLM-L6-v2, snowflake-arctic-embed-xs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOnnxEncoder_rejects_a_batch_size_of_zero()
    {
        using var services = BuildServices(new() { ["KnowledgeHub:Encoder:BatchSize"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EncoderOptions>>().Value);

        Assert.Contains(nameof(EncoderOptions.BatchSize), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddOnnxEncoder_registers_one_encoder_built_from_configuration()
    {
        using var services = BuildServices(new()
        {
            ["KnowledgeHub:Encoder:Model"] = "snowflake-arctic-embed-xs",
            ["KnowledgeHub:Encoder:BatchSize"] = "8",
            ["KnowledgeHub:Encoder:IntraOpThreads"] = "1",
        });

        var encoder = services.GetRequiredService<ITextEncoder>();
        var vectors = await encoder.EmbedAsync(["configured"], EmbeddingPurpose.Query);

        Assert.Same(encoder, services.GetRequiredService<ITextEncoder>());
        Assert.Equal("snowflake-arctic-embed-xs", encoder.ModelId);
        Assert.Equal(8, services.GetRequiredService<IOptions<EncoderOptions>>().Value.BatchSize);
        Assert.Equal(384, vectors[0].Length);
    }

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOnnxEncoder(_ => TestModelCache.Folder);
        return services.BuildServiceProvider();
    }
}
