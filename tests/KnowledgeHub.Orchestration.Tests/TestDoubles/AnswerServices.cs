using KnowledgeHub.Orchestration.Citations;
using KnowledgeHub.Orchestration.Prompts;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Orchestration.Tests.TestDoubles;

/// <summary>Wires an <see cref="AnswerService"/> over the in-test index and encoder, as a host would.</summary>
internal static class AnswerServices
{
    public static AnswerService Create(ISearchIndex index, IChatClient? decoder = null, AnswerOptions? options = null)
    {
        var settings = Options.Create(options ?? new AnswerOptions());
        return new AnswerService(
            new HybridRetriever(new HashingTextEncoder(), index),
            new PromptLibrary(settings),
            new ExtractiveAnswerer(settings),
            new CitationMapper(),
            settings,
            new SteppingTimeProvider(TimeSpan.FromMilliseconds(5)),
            NullLogger<AnswerService>.Instance,
            decoder);
    }

    public static async Task<KeywordOverlapSearchIndex> IndexAsync(params IndexedChunk[] chunks)
    {
        var index = new KeywordOverlapSearchIndex();
        await index.UpsertAsync(chunks);
        return index;
    }
}
