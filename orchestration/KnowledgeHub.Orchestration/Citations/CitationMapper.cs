using KnowledgeHub.Orchestration.Text;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeHub.Orchestration.Citations;

/// <summary>
/// Turns a decoder's answer with [n] markers into citations of the numbered passages it was given. A marker naming
/// no passage is dropped from the text; each kept marker is quoted with the passage sentence that best supports the
/// answer sentence it follows, with exact offsets into the chunk text. Citations only ever come from the passages.
/// </summary>
public sealed class CitationMapper(ILogger<CitationMapper>? logger = null)
{
    private readonly ILogger logger = logger ?? NullLogger<CitationMapper>.Instance;

    public GroundedText Map(string answerText, IReadOnlyList<SearchHit> passages)
    {
        ArgumentNullException.ThrowIfNull(answerText);
        ArgumentNullException.ThrowIfNull(passages);
        AnswerLog.RawAnswer(logger, answerText);
        var dropped = CitationMarkers.Find(answerText).Sum(m => m.Numbers.Count(n => n < 1 || n > passages.Count));
        if (dropped > 0)
        {
            AnswerLog.DroppedMarkers(logger, dropped, passages.Count);
        }

        var text = CitationMarkers.Rewrite(answerText, passages.Count).Trim();
        if (SaysNotFound(text))
        {
            var plain = CitationMarkers.Strip(text).Trim();
            return plain.Length == 0 ? AnswerTexts.NotFoundAnswer : AnswerTexts.NotFoundAnswer with { Text = plain };
        }

        var (claims, markers) = ClaimsAndMarkers(answerText, passages.Count);
        var sentencesByPassage = new Dictionary<int, List<PassageSentence>>();
        var quotes = new PassageQuotes();
        foreach (var (number, claim) in markers)
        {
            if (!sentencesByPassage.TryGetValue(number, out var sentences))
            {
                sentences = [.. PassageSentence.Of(number, passages[number - 1].Chunk)];
                sentencesByPassage[number] = sentences;
            }

            if (BestSupport(claims[claim], sentences) is { } support)
            {
                quotes.Add(support);
            }
        }

        return new GroundedText(text, quotes.ToCitations(), Found: true);
    }

    private static bool SaysNotFound(string text)
    {
        var plain = CitationMarkers.Strip(text).Trim();
        return plain.Length == 0 || plain.StartsWith(AnswerTexts.NotFound.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Splits the marker-free answer into sentences and pairs each valid passage number with the sentence its marker
    /// follows: the last sentence that starts before the marker ("Paris is large. [1]" cites the first sentence).
    /// </summary>
    private static (List<IReadOnlySet<string>> Claims, List<(int Number, int Claim)> Markers) ClaimsAndMarkers(string answerText, int passageCount)
    {
        var found = CitationMarkers.Find(answerText);
        var clean = new System.Text.StringBuilder();
        var positions = new List<int>();
        var previous = 0;
        foreach (var (index, length, _) in found)
        {
            clean.Append(answerText, previous, index - previous);
            positions.Add(clean.Length);
            previous = index + length;
        }

        clean.Append(answerText, previous, answerText.Length - previous);
        var cleanText = clean.ToString();
        var spans = SentenceSplitter.Split(cleanText);
        var claims = spans.Count == 0
            ? [TermAnalyzer.Analyze(cleanText).ToHashSet(StringComparer.Ordinal)]
            : spans.Select(s => (IReadOnlySet<string>)TermAnalyzer.Analyze(s.Of(cleanText)).ToHashSet(StringComparer.Ordinal)).ToList();

        var markers = new List<(int, int)>();
        for (var m = 0; m < found.Count; m++)
        {
            var claim = 0;
            for (var s = 0; s < spans.Count && spans[s].Start < positions[m]; s++)
            {
                claim = s;
            }

            foreach (var number in found[m].Numbers.Where(n => n >= 1 && n <= passageCount))
            {
                if (!markers.Contains((number, claim)))
                {
                    markers.Add((number, claim));
                }
            }
        }

        return (claims, markers);
    }

    private static PassageSentence? BestSupport(IReadOnlySet<string> claim, List<PassageSentence> sentences)
    {
        var weights = new TermWeights(sentences.Select(s => s.Terms));
        PassageSentence? best = null;
        var bestCoverage = -1.0;
        foreach (var sentence in sentences)
        {
            var coverage = weights.Coverage(claim, sentence.Terms);
            if (coverage > bestCoverage)
            {
                (best, bestCoverage) = (sentence, coverage);
            }
        }

        return best;
    }
}
