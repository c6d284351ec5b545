using KnowledgeHub.Orchestration.Citations;
using KnowledgeHub.Orchestration.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>
/// Checks every sentence of an answer against the passages it cites and settles its citations:
/// <list type="bullet">
/// <item>cited passages that support the sentence are kept (a co-cited passage that does not is removed);</item>
/// <item>when no cited passage supports it but another retrieved passage does, the citation moves to that passage
/// (a sentence without a marker gets one the same way);</item>
/// <item>otherwise the sentence is unsupported. Policy: unsupported sentences are dropped from the text when at least
/// one supported sentence remains (<see cref="AnswerOptions.DropUnsupportedSentences"/>); when none would remain,
/// every sentence is kept as written, flagged, and the answer is not grounded.</item>
/// </list>
/// Each citation quotes the passage sentence that supports its answer sentence best (a table row under its header row).
/// </summary>
public sealed class SentenceVerifier(EvidenceEmbedder embedder, IOptions<AnswerOptions> options, ILogger<SentenceVerifier>? logger = null)
{
    private readonly AnswerOptions settings = options.Value;
    private readonly ILogger logger = logger ?? NullLogger<SentenceVerifier>.Instance;

    /// <param name="answerText">Answer text whose markers all name one of the evidence's passages.</param>
    internal async Task<GroundedText> VerifyAsync(string answerText, Evidence evidence, CancellationToken cancellationToken)
    {
        var parsed = AnswerSentences.Parse(answerText, evidence.Passages.Count);
        if (parsed.Sentences.Count == 0)
        {
            return new GroundedText(answerText.Trim(), [], Found: true);
        }

        await embedder.AddSentencesAsync(evidence, parsed.Sentences.Select(s => s.Text), cancellationToken);
        var scorer = new SupportScorer(evidence, settings.KeywordSupportWeight);
        var verdicts = parsed.Sentences.Select(sentence => Judge(sentence, scorer, evidence.Passages.Count)).ToList();

        var supportedCount = verdicts.Count(v => v.Supported);
        var anySupported = supportedCount > 0;
        var drop = settings.DropUnsupportedSentences && anySupported;
        var kept = verdicts.Select((v, i) => (Verdict: v, Index: i)).Where(x => !drop || x.Verdict.Supported).ToList();
        var changed = kept.Count != verdicts.Count || kept.Exists(x => x.Verdict.Corrected);
        var text = changed
            ? parsed.Render([.. kept.Select(x => (x.Index, x.Verdict.Citations))])
            : answerText.Trim();

        var quotes = new PassageQuotes();
        foreach (var (verdict, _) in kept)
        {
            foreach (var support in verdict.Quotes)
            {
                if (support.Sentence is { } quote)
                {
                    quotes.Add(quote);
                }
            }
        }

        var citations = quotes.ToCitations();

        var sentences = verdicts.Select((v, i) => new SentenceSupport(
            parsed.Sentences[i].Text,
            v.Citations,
            Math.Round(v.Score, 4),
            v.Supported,
            Kept: !drop || v.Supported,
            CitedAs: v.Corrected ? parsed.Sentences[i].Cited : null)).ToList();
        var dropped = verdicts.Count - kept.Count;
        var corrected = verdicts.Count(v => v.Corrected);
        if (dropped > 0 || corrected > 0 || !anySupported)
        {
            AnswerLog.Verified(logger, verdicts.Count, supportedCount, corrected, dropped);
        }

        return new GroundedText(text, citations, Found: true, Grounded: kept.TrueForAll(x => x.Verdict.Supported), sentences);
    }

    private Verdict Judge(AnswerSentence sentence, SupportScorer scorer, int passageCount)
    {
        // Quoted passage text can itself contain bracketed numbers ("... as shown before [12]."): only numbers
        // that name a retrieved passage are citations.
        var cited = sentence.Cited.Where(n => n >= 1 && n <= passageCount).Select(n => scorer.Best(sentence.Text, n)).ToList();
        var supporting = cited.Where(s => s.Score >= settings.MinSentenceSupport).ToList();
        if (supporting.Count > 0)
        {
            var numbers = supporting.Select(s => s.Number).ToList();
            return new Verdict(numbers, supporting, supporting.Max(s => s.Score), Supported: true, Corrected: !numbers.SequenceEqual(sentence.Cited));
        }

        var best = Enumerable.Range(1, passageCount)
            .Where(n => !sentence.Cited.Contains(n))
            .Select(n => scorer.Best(sentence.Text, n))
            .DefaultIfEmpty()
            .MaxBy(s => s.Score);
        if (best.Sentence is not null && best.Score >= settings.MinSentenceSupport)
        {
            return new Verdict([best.Number], [best], best.Score, Supported: true, Corrected: true);
        }

        // Unsupported: keep the decoder's citations so a reader can see what it claimed to rely on.
        return new Verdict(sentence.Cited, cited, cited.Count > 0 ? cited.Max(s => s.Score) : best.Score, Supported: false, Corrected: false);
    }

    private sealed record Verdict(IReadOnlyList<int> Citations, IReadOnlyList<PassageSupport> Quotes, double Score, bool Supported, bool Corrected);
}
