using KnowledgeHub.Infra.Llama;
using KnowledgeHub.Orchestration.Tests.TestDoubles;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Orchestration.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public void Without_a_model_path_no_decoder_is_registered_and_answers_are_extractive()
    {
        using var provider = Build(new Dictionary<string, string?> { ["KnowledgeHub:Answer:TopPassages"] = "3" });

        Assert.Null(provider.GetService<IChatClient>());
        var service = provider.GetRequiredService<AnswerService>();
        Assert.False(service.UsesDecoder);
        Assert.Equal(3, provider.GetRequiredService<IOptions<AnswerOptions>>().Value.TopPassages);
    }

    [SharedDataFact]
    public void A_model_path_registers_the_llama_decoder_used_by_the_answer_service()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["KnowledgeHub:Model:Path"] = SharedData.PathTo("models", "stories260K.gguf"),
            ["KnowledgeHub:Model:ContextSize"] = "1024",
        });

        var client = Assert.IsType<LlamaChatClient>(provider.GetRequiredService<IChatClient>());
        Assert.Equal(1024, client.ContextSize);
        Assert.True(provider.GetRequiredService<AnswerService>().UsesDecoder);
    }

    [Fact]
    public void An_invalid_answer_setting_fails_options_validation()
    {
        using var provider = Build(new Dictionary<string, string?> { ["KnowledgeHub:Answer:TopPassages"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AnswerOptions>>().Value);
        Assert.Contains("TopPassages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_section_context_fails_options_validation()
    {
        using var provider = Build(new Dictionary<string, string?> { ["KnowledgeHub:Answer:SectionContextChunks"] = "-1" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AnswerOptions>>().Value);
        Assert.Contains("SectionContextChunks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encoder_calibration_can_be_overridden_and_added_by_configuration()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["KnowledgeHub:Answer:Encoders:all-MiniLM-L6-v2:MinQuestionSimilarity"] = "0.35",
            ["KnowledgeHub:Answer:Encoders:my-encoder:MinQuestionSimilarity"] = "0.4",
            ["KnowledgeHub:Answer:Encoders:my-encoder:TypicalAnswerSimilarity"] = "0.7",
            ["KnowledgeHub:Answer:Encoders:my-encoder:UnrelatedSentenceSimilarity"] = "0.3",
            ["KnowledgeHub:Answer:Encoders:my-encoder:SupportingSentenceSimilarity"] = "0.8",
        });

        var encoders = provider.GetRequiredService<IOptions<AnswerOptions>>().Value.Encoders;
        Assert.Equal(0.35, encoders["all-MiniLM-L6-v2"].MinQuestionSimilarity);
        Assert.Equal(0.60, encoders["all-MiniLM-L6-v2"].TypicalAnswerSimilarity);
        Assert.Equal(0.58, encoders["snowflake-arctic-embed-xs"].MinQuestionSimilarity);
        Assert.Equal(0.8, encoders["my-encoder"].SupportingSentenceSimilarity);
    }

    [Fact]
    public void An_inverted_encoder_calibration_fails_options_validation()
    {
        using var provider = Build(new Dictionary<string, string?> { ["KnowledgeHub:Answer:Encoders:all-MiniLM-L6-v2:UnrelatedSentenceSimilarity"] = "0.9" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AnswerOptions>>().Value);
        Assert.Contains("Encoders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_path_to_a_missing_file_fails_options_validation()
    {
        using var provider = Build(new Dictionary<string, string?> { ["KnowledgeHub:Model:Path"] = "/nowhere/model.gguf" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DecoderOptions>>().Value);
        Assert.Contains("KnowledgeHub:Model:Path", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<ISearchIndex, KeywordOverlapSearchIndex>();
        services.AddSingleton<ITextEncoder, HashingTextEncoder>();
        services.AddSingleton<HybridRetriever>();
        services.AddAnswering();
        services.AddLlamaDecoder(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
