using KnowledgeHub.Infra.Llama;
using KnowledgeHub.Infra.OpenAI;
using KnowledgeHub.Orchestration.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Orchestration.Tests.OpenAI;

public sealed class OpenAICompatibleDecoderTests
{
    [Fact]
    public void Without_an_endpoint_no_chat_client_is_registered()
    {
        using var provider = Services(new() { ["KnowledgeHub:Model:Name"] = "m" }).BuildServiceProvider();

        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact]
    public void Setting_both_a_model_path_and_an_endpoint_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Services(new()
        {
            ["KnowledgeHub:Model:Path"] = "/models/model.gguf",
            ["KnowledgeHub:Model:Endpoint"] = "http://localhost:8000/v1",
            ["KnowledgeHub:Model:Name"] = "m",
        }));

        Assert.Contains("Path", error.Message, StringComparison.Ordinal);
        Assert.Contains("Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:8000/v1", null, "Name")]
    [InlineData("ftp://localhost/v1", "m", "absolute http(s) URL")]
    [InlineData("localhost:8000", "m", "absolute http(s) URL")]
    public void Invalid_settings_fail_options_validation(string endpoint, string? name, string expected)
    {
        using var provider = Services(new() { ["KnowledgeHub:Model:Endpoint"] = endpoint, ["KnowledgeHub:Model:Name"] = name }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OpenAICompatibleOptions>>().Value);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_chat_completions_to_the_configured_endpoint_with_the_model_name_and_key()
    {
        using var server = new LoopbackChatServer(LoopbackChatServer.Completion("tiny-model", "Hello there."));
        using var provider = Services(new()
        {
            ["KnowledgeHub:Model:Endpoint"] = server.BaseAddress.ToString(),
            ["KnowledgeHub:Model:Name"] = "tiny-model",
            ["KnowledgeHub:Model:ApiKey"] = "secret-key",
        }).BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();

        var response = await client.GetResponseAsync("Say hello.", new ChatOptions { MaxOutputTokens = 16 });

        var request = await server.Request;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer secret-key", request.Authorization);
        Assert.Contains("\"model\":\"tiny-model\"", request.Body, StringComparison.Ordinal);
        Assert.Contains("Say hello.", request.Body, StringComparison.Ordinal);
        Assert.Equal("Hello there.", response.Text);
        Assert.Equal(7, response.Usage?.OutputTokenCount);
        Assert.Equal("tiny-model", client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public async Task Answers_a_question_through_the_answer_service_by_streaming_from_the_server()
    {
        using var server = new LoopbackChatServer(
            LoopbackChatServer.StreamedCompletion("tiny-model", "The Eiffel Tower was ", "completed in 1889 [1]."),
            "text/event-stream");
        using var provider = Services(new()
        {
            ["KnowledgeHub:Model:Endpoint"] = server.BaseAddress.ToString(),
            ["KnowledgeHub:Model:Name"] = "tiny-model",
        }).BuildServiceProvider();
        var index = await AnswerServices.IndexAsync(Passages.Chunk("tower", "The Eiffel Tower was completed in 1889 for the World's Fair."));
        var service = AnswerServices.Create(index, provider.GetRequiredService<IChatClient>());

        var answer = await service.AskAsync(new AskRequest("When was the Eiffel Tower completed?", "t1"));

        Assert.Equal("/v1/chat/completions", (await server.Request).Path);
        Assert.Equal("The Eiffel Tower was completed in 1889 [1].", answer.Text);
        Assert.Equal("tiny-model", answer.Generator);
        Assert.True(answer.Grounded);
        Assert.Equal("tower", Assert.Single(answer.Citations).DocumentId);
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLlamaDecoder(configuration);
        services.AddOpenAICompatibleDecoder(configuration);
        return services;
    }
}
