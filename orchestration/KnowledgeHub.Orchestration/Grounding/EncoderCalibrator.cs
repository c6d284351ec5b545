using System.Globalization;
using System.Numerics.Tensors;
using KnowledgeHub.Orchestration.Text;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>A question and the texts of the passages that answer it (BEIR: the abstracts judged relevant).</summary>
public sealed record CalibrationQuestion(string Text, IReadOnlyList<string> Relevant);

/// <summary>What <see cref="EncoderCalibrator.FitAsync"/> found.</summary>
/// <param name="Pairs">Questions measured per language ("en" for all but mostly-CJK text, "zh").</param>
/// <param name="Notes">What the reader should know (a language left uncalibrated and why).</param>
public sealed record CalibrationFit(EncoderCalibration Calibration, IReadOnlyDictionary<string, int> Pairs, IReadOnlyList<string> Notes);

/// <summary>
/// Derives an encoder's <see cref="EncoderCalibration"/> from questions with known answering passages, the way the
/// built-in scales were measured on SciFact (EncoderCalibration's remarks): each question's query embedding against its
/// relevant passages and against unrelated passages of the same corpus, and against the best sentence of each.
/// <list type="bullet">
/// <item>MinQuestionSimilarity: the higher of the unrelated passages' 95th percentile and the relevant ones' 5th, so the
/// relevance gate lets almost every answering passage through and almost no unrelated one;</item>
/// <item>TypicalAnswerSimilarity: the relevant passages' median;</item>
/// <item>UnrelatedSentenceSimilarity: the 95th percentile of the best sentence of an unrelated passage (the sentence
/// verifier's floor: no support at or below it);</item>
/// <item>SupportingSentenceSimilarity: the 90th percentile of the best sentence of a relevant passage.</item>
/// </list>
/// Mostly-CJK questions are measured apart, into <see cref="EncoderCalibration.Languages"/>["zh"], when the encoder
/// declares Chinese.
/// </summary>
public static class EncoderCalibrator
{
    /// <summary>Fewest questions a language needs for its percentiles to mean anything.</summary>
    public const int MinQuestions = 10;

    private const int UnrelatedPerQuestion = 3;

    /// <exception cref="InvalidOperationException">Too few questions, or the encoder rates unrelated passages as high as relevant ones.</exception>
    public static async Task<CalibrationFit> FitAsync(
        ITextEncoder encoder, IReadOnlyList<CalibrationQuestion> questions, IReadOnlyList<string> corpus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(corpus);
        var usable = questions.Where(q => q.Relevant.Count > 0 && !string.IsNullOrWhiteSpace(q.Text)).ToList();
        var chinese = usable.Where(q => CjkText.IsMostlyCjk(q.Text)).ToList();
        var other = usable.Where(q => !CjkText.IsMostlyCjk(q.Text)).ToList();
        var notes = new List<string>();
        var pairs = new Dictionary<string, int>(StringComparer.Ordinal);
        var declaresChinese = encoder.Languages.Contains(EncoderCalibration.Chinese, StringComparer.OrdinalIgnoreCase);

        var main = other.Count >= MinQuestions ? other : usable;
        if (main.Count < MinQuestions)
        {
            throw new InvalidOperationException(
                $"Calibration needs at least {MinQuestions} questions with an answering passage; there are {usable.Count}.");
        }

        var calibration = await FitOneAsync(encoder, main, Pool(corpus, main == other ? false : null), cancellationToken);
        pairs[main == other ? "en" : "all"] = main.Count;
        calibration.UnderstandsCjk = declaresChinese;
        if (declaresChinese && chinese.Count >= MinQuestions && main == other)
        {
            var zh = await FitOneAsync(encoder, chinese, Pool(corpus, true), cancellationToken);
            zh.UnderstandsCjk = true;
            calibration.Languages[EncoderCalibration.Chinese] = zh;
            pairs[EncoderCalibration.Chinese] = chinese.Count;
        }
        else if (declaresChinese && main == other)
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{chinese.Count} Chinese questions (fewer than {MinQuestions}): Chinese questions use the main thresholds."));
        }
        else if (!declaresChinese && chinese.Count > 0)
        {
            notes.Add($"The encoder does not declare 'zh': its {chinese.Count} Chinese questions were not measured apart and Chinese questions are judged by keywords.");
        }

        return new CalibrationFit(calibration, pairs, notes);
    }

    /// <summary>
    /// Questions derived from the collection's own chunks when it has no question set: the longest sentence of a chunk
    /// (a statement, like a SciFact claim) asked against the rest of that chunk. Chunks are taken evenly spread, at most
    /// <paramref name="count"/>.
    /// </summary>
    public static IReadOnlyList<CalibrationQuestion> PseudoQuestions(IReadOnlyList<string> chunks, int count)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var result = new List<CalibrationQuestion>();
        var step = Math.Max(1, chunks.Count / Math.Max(1, count));
        for (var i = 0; i < chunks.Count && result.Count < count; i += step)
        {
            var text = chunks[i];
            var sentences = PassageSegmenter.Segment(text, null)
                .Where(s => s.Kind == SentenceKind.Sentence)
                .Select(s => s.Span.Of(text).Trim())
                .Where(s => s.Length > 0)
                .ToList();
            if (sentences.Count < 3)
            {
                continue;
            }

            var question = sentences.MaxBy(s => s.Length)!;
            if (question.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 6 && !CjkText.IsMostlyCjk(question))
            {
                continue;
            }

            var rest = string.Join(" ", sentences.Where(s => !ReferenceEquals(s, question)));
            result.Add(new CalibrationQuestion(question, [rest]));
        }

        return result;
    }

    private static Func<IReadOnlyList<string>> Pool(IReadOnlyList<string> corpus, bool? cjk) => () =>
    {
        if (cjk is null)
        {
            return corpus;
        }

        var matching = corpus.Where(t => CjkText.IsMostlyCjk(t) == cjk.Value).ToList();
        return matching.Count >= MinQuestions ? matching : corpus;
    };

    private static async Task<EncoderCalibration> FitOneAsync(
        ITextEncoder encoder, List<CalibrationQuestion> questions, Func<IReadOnlyList<string>> poolOf, CancellationToken cancellationToken)
    {
        var pool = poolOf();
        var unrelated = new List<string>[questions.Count];
        for (var i = 0; i < questions.Count; i++)
        {
            // A fixed stride through the corpus: the same questions always meet the same unrelated passages.
            var relevant = questions[i].Relevant.ToHashSet(StringComparer.Ordinal);
            unrelated[i] = [];
            for (var k = 0; k < pool.Count * 2 && unrelated[i].Count < UnrelatedPerQuestion; k++)
            {
                var candidate = pool[(int)(((i * 7919L) + (k * 104_729L) + 17) % pool.Count)];
                if (!relevant.Contains(candidate) && !unrelated[i].Contains(candidate))
                {
                    unrelated[i].Add(candidate);
                }
            }
        }

        var passages = questions.SelectMany(q => q.Relevant).Concat(unrelated.SelectMany(u => u)).Distinct(StringComparer.Ordinal).ToList();
        var sentencesOf = passages.ToDictionary(p => p, Sentences, StringComparer.Ordinal);
        var queryVectors = await encoder.EmbedAsync([.. questions.Select(q => q.Text)], EmbeddingPurpose.Query, cancellationToken);
        var texts = passages.Concat(sentencesOf.Values.SelectMany(s => s)).Distinct(StringComparer.Ordinal).ToList();
        var vectors = await encoder.EmbedAsync(texts, EmbeddingPurpose.Passage, cancellationToken);
        var vectorOf = texts.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => vectors[p.i], StringComparer.Ordinal);

        List<double> relevantPassage = [], unrelatedPassage = [], relevantSentence = [], unrelatedSentence = [];
        for (var i = 0; i < questions.Count; i++)
        {
            var query = queryVectors[i];
            relevantPassage.Add(questions[i].Relevant.Max(p => Cosine(query, vectorOf[p])));
            if (BestSentence(query, questions[i].Relevant, sentencesOf, vectorOf) is double best)
            {
                relevantSentence.Add(best);
            }

            foreach (var passage in unrelated[i])
            {
                unrelatedPassage.Add(Cosine(query, vectorOf[passage]));
                if (BestSentence(query, [passage], sentencesOf, vectorOf) is double worst)
                {
                    unrelatedSentence.Add(worst);
                }
            }
        }

        if (unrelatedPassage.Count == 0 || relevantSentence.Count == 0 || unrelatedSentence.Count == 0)
        {
            throw new InvalidOperationException("Calibration needs unrelated passages and passages with sentences; the corpus is too small.");
        }

        var calibration = new EncoderCalibration
        {
            MinQuestionSimilarity = Round(Math.Max(Percentile(unrelatedPassage, 0.95), Percentile(relevantPassage, 0.05))),
            TypicalAnswerSimilarity = Round(Percentile(relevantPassage, 0.50)),
            UnrelatedSentenceSimilarity = Round(Percentile(unrelatedSentence, 0.95)),
            SupportingSentenceSimilarity = Round(Percentile(relevantSentence, 0.90)),
        };
        if (!calibration.IsConsistent)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The encoder '{encoder.ModelId}' does not tell these questions' answering passages from unrelated ones (relevant median {calibration.TypicalAnswerSimilarity:F2}, gate floor {calibration.MinQuestionSimilarity:F2}; supporting sentence {calibration.SupportingSentenceSimilarity:F2}, unrelated {calibration.UnrelatedSentenceSimilarity:F2}): its cosines cannot judge answers."));
        }

        return calibration;
    }

    private static List<string> Sentences(string text) =>
        [.. PassageSegmenter.Segment(text, null).Where(s => s.Kind == SentenceKind.Sentence).Select(s => s.Span.Of(text)).Where(s => !string.IsNullOrWhiteSpace(s))];

    private static double? BestSentence(float[] query, IEnumerable<string> passages, Dictionary<string, List<string>> sentencesOf, Dictionary<string, float[]> vectorOf)
    {
        double? best = null;
        foreach (var sentence in passages.SelectMany(p => sentencesOf[p]))
        {
            var cosine = Cosine(query, vectorOf[sentence]);
            best = best is null || cosine > best ? cosine : best;
        }

        return best;
    }

    /// <summary>The value below which <paramref name="share"/> of the values lie (linear between ranks).</summary>
    internal static double Percentile(IReadOnlyList<double> values, double share)
    {
        var sorted = values.Order().ToList();
        var position = share * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    private static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private static double Cosine(float[] a, float[] b) => TensorPrimitives.Dot(a, b);
}
