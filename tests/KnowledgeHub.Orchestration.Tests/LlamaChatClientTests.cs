using KnowledgeHub.Infra.Llama;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.AI;

namespace KnowledgeHub.Orchestration.Tests;

public sealed class LlamaChatClientTests
{
    private static readonly ChatMessage[] StoryPrompt = [new(ChatRole.User, "Once upon a time there was a little dog.")];

    [SharedDataFact]
    public async Task Streams_several_updates_and_stops_at_the_output_token_limit_with_usage()
    {
        using var client = Stories();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(StoryPrompt, Greedy(maxTokens: 16)))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) > 1);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.InRange(usage.OutputTokenCount ?? 0, 1, 16);
        Assert.True(usage.InputTokenCount > 0);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        Assert.NotNull(updates[^1].FinishReason);
        Assert.Equal("stories260K", updates[^1].ModelId);
    }

    [SharedDataFact]
    public async Task A_non_streaming_response_has_text_and_usage()
    {
        using var client = Stories();

        var response = await client.GetResponseAsync(StoryPrompt, Greedy(maxTokens: 8));

        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.InRange(response.Usage?.OutputTokenCount ?? 0, 1, 8);
        Assert.Equal("stories260K", client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [SharedDataFact]
    public async Task A_stop_sequence_ends_the_answer_before_the_sequence()
    {
        using var client = Stories();
        var full = (await client.GetResponseAsync(StoryPrompt, Greedy(maxTokens: 40))).Text;
        var words = full.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length > 4, full);
        var stop = " " + words[3];

        var options = Greedy(maxTokens: 40);
        options.StopSequences = [stop];
        var stopped = (await client.GetResponseAsync(StoryPrompt, options)).Text;

        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], stopped);
    }

    [SharedDataFact]
    public async Task Serves_concurrent_requests_one_at_a_time_without_failing()
    {
        using var client = Stories();

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetResponseAsync(StoryPrompt, Greedy(maxTokens: 8))));

        Assert.All(responses, r => Assert.Equal(responses[0].Text, r.Text));
    }

    [SharedDataFact]
    public async Task Loads_the_random_weight_llama_model_too()
    {
        using var client = new LlamaChatClient(new DecoderOptions { Path = SharedData.PathTo("models", "llama-2-tiny-random.gguf"), ContextSize = 512 });

        var response = await client.GetResponseAsync(StoryPrompt, Greedy(maxTokens: 4));

        Assert.Equal("llama-2-tiny-random", client.ModelId);
        Assert.InRange(response.Usage?.OutputTokenCount ?? 0, 1, 4);
    }

    [Fact]
    public void A_missing_model_file_fails_naming_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.gguf");

        var error = Assert.Throws<FileNotFoundException>(() => new LlamaChatClient(new DecoderOptions { Path = path }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_GGUF_fails_saying_so()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-a-model-{Guid.NewGuid():N}.gguf");
        File.WriteAllText(path, "just some text, not model weights");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => new LlamaChatClient(new DecoderOptions { Path = path }));

            Assert.Contains("not a GGUF model", error.Message, StringComparison.Ordinal);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static LlamaChatClient Stories() =>
        new(new DecoderOptions { Path = SharedData.PathTo("models", "stories260K.gguf"), ContextSize = 2048, Threads = 2 });

    private static ChatOptions Greedy(int maxTokens) => new() { MaxOutputTokens = maxTokens, Temperature = 0f, Seed = 7 };
}
