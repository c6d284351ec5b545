using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Orchestration;

internal static partial class AnswerLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Retrieved {Count} passages for tenant {Tenant} in {ElapsedMs:F1} ms")]
    public static partial void Retrieved(ILogger logger, int count, string tenant, double elapsedMs);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Answered with {Generator} (prompt {PromptVersion}): found {Found}, {CitationCount} citations, generation {ElapsedMs:F1} ms")]
    public static partial void Answered(ILogger logger, string generator, string? promptVersion, bool found, int citationCount, double elapsedMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "No passages matched for tenant {Tenant}; answering 'not found' without the decoder")]
    public static partial void NothingRetrieved(ILogger logger, string tenant);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "Dropped {Count} citation markers that named no retrieved passage ({PassageCount} passages)")]
    public static partial void DroppedMarkers(ILogger logger, int count, int passageCount);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Information, Message = "The best passage was shortened to its first {Kept} of {Length} characters to fit {Budget} passage tokens of the decoder's context")]
    public static partial void PassageShortened(ILogger logger, int kept, int length, int budget);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Debug, Message = "The decoder's context ({ContextTokens} tokens, {AnswerTokens} of them for the answer) leaves {Budget} tokens for passages")]
    public static partial void PassageBudgetShrunk(ILogger logger, int budget, int contextTokens, int answerTokens);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Debug, Message = "Left {Count} lower-ranked passages out of the prompt to stay within {Budget} passage tokens")]
    public static partial void PassagesLeftOut(ILogger logger, int count, int budget);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Trace, Message = "Decoder answer before citation mapping: {Text}")]
    public static partial void RawAnswer(ILogger logger, string text);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Debug, Message = "Verified {Count} answer sentences: {Supported} supported, {Corrected} citations corrected, {Dropped} dropped")]
    public static partial void Verified(ILogger logger, int count, int supported, int corrected, int dropped);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Information, Message = "The retrieved passages do not answer the question (answerability {Score:F3}: term coverage {Coverage:F3}, similarity {Similarity:F3}, {Missing} question terms absent); answering 'not found'")]
    public static partial void NotAnswerable(ILogger logger, double score, double coverage, double? similarity, int missing);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Information, Message = "Left {Count} retrieved passages flagged as planted instructions out of the answer")]
    public static partial void SuspiciousExcluded(ILogger logger, int count);
}
