using KnowledgeHub.Infra.Llama;
using KnowledgeHub.Orchestration.Tests.TestDoubles;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.AI;

namespace KnowledgeHub.Orchestration.Tests;

public sealed class AnswerServiceTests
{
    private static readonly IndexedChunk[] Chunks =
    [
        Passages.Chunk("tower", "The Eiffel Tower is located in Paris. The Eiffel Tower was completed in 1889 for the World's Fair.", page: 3),
        Passages.Chunk("france", "Paris is the capital of France. The Eiffel Tower is its most visited monument."),
        Passages.Chunk("wall", "The Great Wall of China is thousands of kilometres long."),
        Passages.Chunk("other-tenant", "The Eiffel Tower was completed in 1889, says the other tenant.", tenant: "t2"),
        Passages.Chunk("other-collection", "The Eiffel Tower was completed in 1889, says another collection.", collection: "archive"),
    ];

    [Fact]
    public async Task Citations_from_a_decoder_answer_come_only_from_the_retrieved_passages()
    {
        var index = await AnswerServices.IndexAsync(Chunks);
        using var decoder = new ScriptedChatClient("The Eiffel Tower was completed in 1889 [1]. It is in Paris [2][7]. It is very old [9].");
        var service = AnswerServices.Create(index, decoder);
        var request = new AskRequest("When was the Eiffel Tower completed?", "t1", "default");

        var answer = await service.AskAsync(request);

        var retrieved = await index.SearchAsync(new SearchRequest(request.Question, null, new SearchFilter("t1", "default"), Top: 5));
        Assert.True(answer.Found);
        Assert.NotEmpty(answer.Citations);
        Assert.All(answer.Citations, citation =>
        {
            var hit = Assert.Single(retrieved, h => h.Chunk.Id == citation.ChunkId);
            Assert.Equal(citation.Number, retrieved.ToList().IndexOf(hit) + 1);
            Assert.Equal(citation.Quote, hit.Chunk.Text[citation.Start..citation.End]);
        });
        Assert.DoesNotContain("[7]", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("[9]", answer.Text, StringComparison.Ordinal);
        Assert.Equal(ScriptedChatClient.Model, answer.Generator);
        Assert.Equal("answer.v1", answer.PromptVersion);
    }

    [Fact]
    public async Task Reports_the_decoder_usage_and_measured_durations()
    {
        var index = await AnswerServices.IndexAsync(Chunks);
        using var decoder = new ScriptedChatClient("Completed in 1889 [1].");
        var service = AnswerServices.Create(index, decoder, new AnswerOptions { MaxTokens = 77 });

        var answer = await service.AskAsync(new AskRequest("When was the Eiffel Tower completed?", "t1"));

        Assert.Equal(new AnswerUsage(123, 45, RetrievalMs: 5, GenerationMs: 5), answer.Usage);
        Assert.Equal(77, decoder.LastOptions?.MaxOutputTokens);
    }

    [Fact]
    public async Task A_request_token_limit_overrides_the_configured_one()
    {
        var index = await AnswerServices.IndexAsync(Chunks);
        using var decoder = new ScriptedChatClient("Completed in 1889 [1].");
        var service = AnswerServices.Create(index, decoder);

        await service.AskAsync(new AskRequest("When was the Eiffel Tower completed?", "t1", MaxTokens: 33));

        Assert.Equal(33, decoder.LastOptions?.MaxOutputTokens);
    }

    [Fact]
    public async Task Streams_deltas_that_add_up_to_the_decoder_text_without_invalid_markers()
    {
        var index = await AnswerServices.IndexAsync(Chunks);
        using var decoder = new ScriptedChatClient("The Eiffel Tower was completed in 1889 [1]. It was completed for the World's Fair [7].", pieceLength: 3);
        var service = AnswerServices.Create(index, decoder);

        var updates = await Collect(service.AskStreamingAsync(new AskRequest("When was the Eiffel Tower completed?", "t1")));

        var deltas = updates.Where(u => u.Delta is not null).Select(u => u.Delta!).ToList();
        Assert.True(deltas.Count > 1);
        var final = Assert.Single(updates, u => u.Final is not null).Final!;
        Assert.Same(final, updates[^1].Final);
        Assert.Equal("The Eiffel Tower was completed in 1889 [1]. It was completed for the World's Fair.", string.Concat(deltas).Trim());
        // Passage [2] ("tower") is the one that mentions the World's Fair.
        Assert.Equal("The Eiffel Tower was completed in 1889 [1]. It was completed for the World's Fair [2].", final.Text);
    }

    [Fact]
    public async Task A_sentence_dropped_by_verification_was_streamed_but_is_not_in_the_final_text()
    {
        var index = await AnswerServices.IndexAsync(Chunks);
        using var decoder = new ScriptedChatClient("The Eiffel Tower was completed in 1889 [1]. It is tall [7].", pieceLength: 3);
        var service = AnswerServices.Create(index, decoder);

        var updates = await Collect(service.AskStreamingAsync(new AskRequest("When was the Eiffel Tower completed?", "t1")));

        Assert.Equal("The Eiffel Tower was completed in 1889 [1]. It is tall.", string.Concat(updates.Select(u => u.Delta)).Trim());
        var final = updates[^1].Final!;
        Assert.Equal("The Eiffel Tower was completed in 1889 [1].", final.Text);
        Assert.True(final.Grounded);
        Assert.Equal([true, false], final.Sentences!.Select(s => s.Kept));
    }

    [Fact]
    public async Task Lower_ranked_passages_beyond_the_prompt_budget_are_neither_shown_nor_citable()
    {
        var index = await AnswerServices.IndexAsync(Chunks);
        using var decoder = new ScriptedChatClient("Completed in 1889 [1]. In Paris [2].");
        var service = AnswerServices.Create(index, decoder, new AnswerOptions { MaxPassageTokens = 30 });

        var answer = await service.AskAsync(new AskRequest("When was the Eiffel Tower completed?", "t1", "default"));

        var user = decoder.Requests.Single()[1].Text;
        Assert.Contains("[1] (tower.txt, page 3)", user, StringComparison.Ordinal);
        Assert.DoesNotContain("[2] (", user, StringComparison.Ordinal);
        // "In Paris" lost its marker to the budget; verification cites the shown passage that supports it.
        Assert.Equal("Completed in 1889 [1]. In Paris [1].", answer.Text);
        Assert.All(answer.Citations, c => Assert.Equal(1, c.Number));
    }

    [Fact]
    public async Task Passages_are_packed_so_the_prompt_and_the_answer_fit_the_decoder_window()
    {
        var index = await AnswerServices.IndexAsync(LongChunks(5));
        var shown = new List<int>();
        foreach (var contextTokens in new[] { 600, 900, 1200, 2000 })
        {
            using var decoder = new ScriptedChatClient("The tower was finished in 1889 [1].");
            var window = new EstimatedDecoderWindow(contextTokens);
            var service = AnswerServices.Create(index, decoder, new AnswerOptions { MaxTokens = 100 }, window: window);

            await service.AskAsync(new AskRequest("When was the tower finished?", "t1"));

            var prompt = string.Join("\n", decoder.Requests.Single().Select(m => m.Text));
            Assert.True(window.CountTokens(prompt) + 100 <= contextTokens, $"{window.CountTokens(prompt)} prompt tokens + 100 for the answer exceed {contextTokens}.");
            shown.Add(Enumerable.Range(1, 5).Count(n => prompt.Contains($"[{n}] (", StringComparison.Ordinal)));
        }

        // A larger window shows more passages, up to all five; the smallest still shows the best one.
        Assert.Equal(shown.Order(), shown);
        Assert.InRange(shown[0], 1, 4);
        Assert.Equal(5, shown[^1]);
    }

    [Fact]
    public async Task A_window_too_small_for_the_best_passage_gets_its_beginning_and_still_fits()
    {
        var index = await AnswerServices.IndexAsync(LongChunks(5));
        using var decoder = new ScriptedChatClient("The tower was finished in 1881 [1].");
        var window = new EstimatedDecoderWindow(400);
        var service = AnswerServices.Create(index, decoder, new AnswerOptions { MaxTokens = 100 }, window: window);

        var answer = await service.AskAsync(new AskRequest("When was the tower finished?", "t1"));

        var prompt = string.Join("\n", decoder.Requests.Single().Select(m => m.Text));
        Assert.True(window.CountTokens(prompt) + 100 <= 400, $"{window.CountTokens(prompt)} prompt tokens + 100 for the answer exceed 400.");
        Assert.Contains("after years of work.", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("[2] (", prompt, StringComparison.Ordinal);
        var citation = Assert.Single(answer.Citations);
        Assert.StartsWith("Report ", citation.Quote, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task With_the_llama_decoder_a_small_context_is_not_overrun_by_passages_its_tokenizer_counts_longer()
    {
        // stories260K's 512-token vocabulary splits English far finer than four characters a token: unpacked by its
        // own tokenizer, these passages overflow a 1,024-token context.
        var index = await AnswerServices.IndexAsync(LongChunks(5));
        using var decoder = new LlamaChatClient(new DecoderOptions { Path = SharedData.PathTo("models", "stories260K.gguf"), Threads = 2, ContextSize = 1024 });
        var request = new AskRequest("When was the tower finished?", "t1", MaxTokens: 16);
        var unpacked = AnswerServices.Create(index, decoder, new AnswerOptions { Temperature = 0 });
        var packed = AnswerServices.Create(index, decoder, new AnswerOptions { Temperature = 0 }, window: new LlamaWindow(decoder));

        await Assert.ThrowsAsync<InvalidOperationException>(() => unpacked.AskAsync(request));
        var answer = await packed.AskAsync(request);

        Assert.InRange(answer.Usage.PromptTokens + answer.Usage.CompletionTokens, 1, 1024);
    }

    [Fact]
    public async Task Nothing_retrieved_means_not_found_without_calling_the_decoder()
    {
        var index = await AnswerServices.IndexAsync(Chunks);
        using var decoder = new ScriptedChatClient("HACKED [1]");
        var service = AnswerServices.Create(index, decoder);

        var answer = await service.AskAsync(new AskRequest("When was the Eiffel Tower completed?", "unknown-tenant"));

        Assert.False(answer.Found);
        Assert.Equal(AnswerTexts.NotFound, answer.Text);
        Assert.Empty(answer.Citations);
        Assert.Empty(decoder.Requests);
    }

    [Fact]
    public async Task Without_a_decoder_the_answer_is_extractive_and_streamed_before_the_final()
    {
        var index = await AnswerServices.IndexAsync(Chunks);
        var service = AnswerServices.Create(index);

        var updates = await Collect(service.AskStreamingAsync(new AskRequest("When was the Eiffel Tower completed?", "t1", "default")));

        Assert.False(service.UsesDecoder);
        Assert.NotNull(updates[0].Delta);
        var final = updates[^1].Final!;
        Assert.Equal(AnswerService.ExtractiveGenerator, final.Generator);
        Assert.Null(final.PromptVersion);
        Assert.True(final.Found);
        Assert.Equal("The Eiffel Tower was completed in 1889 for the World's Fair.", final.Citations[0].Quote);
        Assert.Equal("tower", final.Citations[0].DocumentId);
        Assert.Equal(3, final.Citations[0].Page);
        Assert.Equal(string.Concat(updates.Select(u => u.Delta)), final.Text);
    }

    [SharedDataFact]
    public async Task With_the_llama_decoder_streams_deltas_then_a_final_answer_citing_only_retrieved_passages()
    {
        var index = await AnswerServices.IndexAsync(Chunks);
        using var decoder = new LlamaChatClient(new DecoderOptions { Path = SharedData.PathTo("models", "stories260K.gguf"), Threads = 2 });
        var service = AnswerServices.Create(index, decoder, new AnswerOptions { Temperature = 0 });
        var request = new AskRequest("When was the Eiffel Tower completed?", "t1", MaxTokens: 24);

        var updates = await Collect(service.AskStreamingAsync(request));

        Assert.True(updates.Count(u => u.Delta is not null) > 1);
        var final = updates[^1].Final!;
        Assert.Equal("stories260K", final.Generator);
        Assert.InRange(final.Usage.CompletionTokens, 1, 24);
        Assert.True(final.Usage.PromptTokens > 0);
        var retrieved = await index.SearchAsync(new SearchRequest(request.Question, null, SearchFilter.ForTenant("t1"), Top: 5));
        Assert.All(final.Citations, c => Assert.Contains(retrieved, h => h.Chunk.Id == c.ChunkId));
    }

    /// <summary>Chunks of ~700 characters that all match "tower finished", each of its own document.</summary>
    private static IndexedChunk[] LongChunks(int count) =>
    [
        .. Enumerable.Range(1, count).Select(i => Passages.Chunk(
            $"report{i}",
            $"Report {i}: the tower was finished in {1880 + i} after years of work. "
            + string.Concat(Enumerable.Repeat($"Workers on site {i} recorded the weather, the deliveries and the progress of the tower every day. ", 6)))),
    ];

    private sealed class LlamaWindow(LlamaChatClient client) : IDecoderWindow
    {
        public int ContextTokens => client.ContextSize;

        public int CountTokens(string text) => client.CountTokens(text);
    }

    private static async Task<List<AnswerUpdate>> Collect(IAsyncEnumerable<AnswerUpdate> updates)
    {
        var list = new List<AnswerUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
