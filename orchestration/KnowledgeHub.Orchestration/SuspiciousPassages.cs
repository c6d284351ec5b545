using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Orchestration;

/// <summary>
/// Keeps chunks flagged as planted instructions out of answers and out of the decoder's prompt: a flagged passage
/// could steer the decoder or the extractive answer. They stay searchable and visible, with their flag, in search.
/// </summary>
internal static class SuspiciousPassages
{
    // Retrieved beyond TopPassages, so that dropping a few flagged passages still leaves a full set of clean ones.
    private const int Reserve = 3;

    /// <summary>How many passages to ask the retriever for.</summary>
    public static int ToRetrieve(AnswerOptions options) =>
        options.ExcludeSuspiciousPassages ? options.TopPassages + Reserve : options.TopPassages;

    /// <summary>The first <see cref="AnswerOptions.TopPassages"/> passages, without flagged ones when the option says so.</summary>
    public static IReadOnlyList<SearchHit> Exclude(IReadOnlyList<SearchHit> passages, AnswerOptions options, ILogger logger)
    {
        if (!options.ExcludeSuspiciousPassages)
        {
            return passages;
        }

        var excluded = passages.Count(p => p.Chunk.Suspicious is not null);
        if (excluded > 0)
        {
            AnswerLog.SuspiciousExcluded(logger, excluded);
        }

        return [.. passages.Where(p => p.Chunk.Suspicious is null).Take(options.TopPassages)];
    }
}
