using System.Text;
using KnowledgeHub.Orchestration.Grounding;
using KnowledgeHub.Orchestration.Text;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Options;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration;

/// <summary>
/// Answers without a model: picks the passage sentences that best match the question and quotes them verbatim,
/// each followed by the [n] marker of its passage. It never writes text of its own beyond the markers and the
/// fixed "not found" sentence, so a passage cannot steer what it says. A sentence matches by the question's terms
/// and, when the encoder is calibrated, by embedding similarity, so a question in other words or another language
/// than the passage still finds its sentence. The answer reads as one: the most responsive sentences first, at most
/// <see cref="AnswerOptions.MaxAnswerSentences"/>, never a heading, a fragment or a repeat; a table row is quoted as
/// the row and cited under its header row.
/// </summary>
public sealed class ExtractiveAnswerer(IOptions<AnswerOptions> options)
{
    // How much a passage's retrieval rank adds to a sentence's score: it breaks ties, it cannot make a sentence relevant.
    private const double RankPriorWeight = 0.15;

    // Further sentences join the best one only when they come close to it.
    private const double CompanionShare = 0.75;

    private const int MaxSentencesPerPassage = 2;

    // What the sentence after a relevant one inherits of its score (see CarryFromPrevious).
    private const double SuccessorShare = 0.8;

    private readonly AnswerOptions settings = options.Value;

    public ExtractiveAnswerer()
        : this(Options.Create(new AnswerOptions()))
    {
    }

    /// <summary>Answers by keywords only, when the passages answer the question at all (<see cref="AnswerabilityJudge"/>).</summary>
    public GroundedText Answer(string question, IReadOnlyList<SearchHit> passages)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(passages);
        var evidence = new Evidence(passages);
        return AnswerabilityJudge.Judge(question, evidence, settings).Score < settings.MinAnswerability
            ? AnswerTexts.NotFoundAnswer
            : Answer(question, evidence);
    }

    /// <summary>Quotes the best sentences; the caller has judged that the evidence answers the question.</summary>
    internal GroundedText Answer(string question, Evidence evidence)
    {
        var query = TermAnalyzer.Analyze(question).ToHashSet(StringComparer.Ordinal);
        var sentences = evidence.AllSentences.ToList();
        var weights = new TermWeights(sentences.Select(s => s.Terms));
        var semantic = evidence.Calibration?.For(question);
        var own = sentences
            .Select(sentence =>
            {
                var coverage = weights.Coverage(query, sentence.Terms);
                var meaning = semantic is not null && evidence.QuestionSimilarity(sentence.Text) is double cosine ? semantic.QuestionRelevance(cosine) : 0;
                var relevant = coverage >= settings.MinSentenceRelevance || meaning > 0;
                var score = semantic is null ? coverage : (coverage + meaning) / 2;
                return (Sentence: sentence, Relevant: relevant, Score: score + (RankPriorWeight / sentence.Number));
            })
            .ToList();
        var ranked = own
            .Select((candidate, i) => CarryFromPrevious(own, i))
            .Where(candidate => candidate.Relevant)
            .OrderByDescending(candidate => candidate.Score)
            .ThenBy(candidate => candidate.Sentence.Number)
            .ThenBy(candidate => candidate.Sentence.Span.Start)
            .ToList();
        if (ranked.Count == 0)
        {
            return AnswerTexts.NotFoundAnswer;
        }

        var best = ranked[0].Score;
        var chosen = new List<PassageSentence>();
        foreach (var candidate in ranked)
        {
            if (chosen.Count == settings.MaxAnswerSentences || candidate.Score < best * CompanionShare)
            {
                break;
            }

            // The same sentence often appears in overlapping chunks; quote it once. At most two sentences of one passage
            // leave room for a close competitor from another.
            if (!chosen.Exists(c => Repeats(c.Text, candidate.Sentence.Text))
                && chosen.Count(c => c.Chunk.Id == candidate.Sentence.Chunk.Id) < MaxSentencesPerPassage)
            {
                chosen.Add(candidate.Sentence);
            }
        }

        // Numbered in the order the answer uses them ([1] first), and verified by construction: every sentence is quoted
        // verbatim from inside the passage it cites. The answer's structure (sentences, citations) is built here rather
        // than parsed back from its text, where a quote's own bracketed references ("as shown [1].") would read as markers.
        var numbers = new Dictionary<int, int>();
        var quotes = new PassageQuotes();
        var text = new StringBuilder();
        var supports = new List<SentenceSupport>();
        for (var i = 0; i < chosen.Count; i++)
        {
            var sentence = chosen[i];
            numbers.TryAdd(sentence.Number, numbers.Count + 1);
            if (i > 0)
            {
                text.Append(Separator(chosen[i - 1]));
            }

            var number = numbers[sentence.Number];
            text.Append(sentence.Text).Append(" [").Append(number).Append(']');
            quotes.Add(sentence);
            supports.Add(new SentenceSupport(sentence.Text, [number], Support: 1.0, Supported: true));
        }

        var citations = quotes.ToCitations().Select(c => c with { Number = numbers[c.Number] }).ToList();
        return new GroundedText(text.ToString(), citations, Found: true, Grounded: true, supports);
    }

    /// <summary>Whether one sentence says what the other already says, word for word (one may sit inside the other
    /// where overlapping chunks were cut differently).</summary>
    private static bool Repeats(string chosen, string candidate) =>
        chosen.Contains(candidate, StringComparison.OrdinalIgnoreCase) || candidate.Contains(chosen, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A line break after a table row or any sentence not ended by punctuation, so the answer splits back into the
    /// sentences it quoted (a line break always ends a sentence); a space after an ordinary sentence.
    /// </summary>
    private static string Separator(PassageSentence previous) =>
        previous.Header is null && EndsAsSentence(previous.Text) ? " " : "\n";

    // Asks the shared segmentation itself whether a capitalised word after a space would start a new sentence, so
    // abbreviations ("... Dr.") and closing quotes are judged exactly as the answer's re-parse will judge them.
    private static bool EndsAsSentence(string text) => SentenceSplitter.Split(text + " A").Count > 1;

    /// <summary>
    /// A sentence right after a relevant one in the same passage scores at least <see cref="SuccessorShare"/> of it: a
    /// passage often names the question's subject in one sentence and gives the answer in the next ("NDV has a number
    /// of appealing qualities as a vaccine vector. Its pathogenicity is ..."), and the next one shares no question words.
    /// </summary>
    private static (PassageSentence Sentence, bool Relevant, double Score) CarryFromPrevious(
        List<(PassageSentence Sentence, bool Relevant, double Score)> own, int i)
    {
        var candidate = own[i];

        // A table row follows another row, not the sentence of a thought: its neighbour's relevance says nothing of it.
        if (i == 0 || !own[i - 1].Relevant || own[i - 1].Sentence.Chunk.Id != candidate.Sentence.Chunk.Id
            || candidate.Sentence.Header is not null || own[i - 1].Sentence.Header is not null)
        {
            return candidate;
        }

        var carried = own[i - 1].Score * SuccessorShare;
        return carried > candidate.Score ? (candidate.Sentence, true, carried) : candidate;
    }
}
