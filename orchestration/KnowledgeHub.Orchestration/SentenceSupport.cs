namespace KnowledgeHub.Orchestration;

/// <summary>How well the passages support one sentence of an answer.</summary>
/// <param name="Text">The sentence without its [n] markers.</param>
/// <param name="Citations">The passage numbers it cites after verification (corrected where the cited passage did not support it).</param>
/// <param name="Support">Support from the best cited passage sentence, 0..1: keyword share and calibrated embedding similarity combined.</param>
/// <param name="Supported">Whether <paramref name="Support"/> reaches <see cref="AnswerOptions.MinSentenceSupport"/>.</param>
/// <param name="Kept">False when the sentence was dropped from the answer text for lack of support.</param>
/// <param name="CitedAs">The passage numbers the decoder wrote, when verification changed them; null when unchanged.</param>
public sealed record SentenceSupport(
    string Text,
    IReadOnlyList<int> Citations,
    double Support,
    bool Supported,
    bool Kept = true,
    IReadOnlyList<int>? CitedAs = null);
