using KnowledgeHub.Orchestration.Citations;
using KnowledgeHub.Orchestration.Grounding;
using KnowledgeHub.Orchestration.Prompts;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Orchestration.Tests.TestDoubles;

/// <summary>Wires an <see cref="AnswerService"/> over the in-test index and encoder, as a host would.</summary>
internal static class AnswerServices
{
    /// <param name="encoder">The encoder for retrieval and grounding; the hashing double (uncalibrated, so keywords only) by default.</param>
    /// <param name="window">The decoder's context window; null packs passages by <see cref="AnswerOptions.MaxPassageTokens"/> alone.</param>
    public static AnswerService Create(ISearchIndex index, IChatClient? decoder = null, AnswerOptions? options = null, ITextEncoder? encoder = null, IDecoderWindow? window = null)
    {
        var settings = Options.Create(options ?? new AnswerOptions());
        encoder ??= new HashingTextEncoder();
        var embedder = new EvidenceEmbedder(settings, encoder);
        return new AnswerService(
            new HybridRetriever(encoder, index),
            new PromptLibrary(settings),
            new ExtractiveAnswerer(settings),
            new CitationMapper(),
            embedder,
            new SentenceVerifier(embedder, settings),
            settings,
            new SteppingTimeProvider(TimeSpan.FromMilliseconds(5)),
            NullLogger<AnswerService>.Instance,
            decoder,
            window: window);
    }

    public static async Task<KeywordOverlapSearchIndex> IndexAsync(params IndexedChunk[] chunks)
    {
        var index = new KeywordOverlapSearchIndex();
        await index.UpsertAsync(chunks);
        return index;
    }
}
