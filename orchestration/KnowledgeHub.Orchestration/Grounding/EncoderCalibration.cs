using System.ComponentModel.DataAnnotations;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>
/// Where one encoder's cosine similarities lie, so they can be read as evidence. Every encoder has its own scale
/// (arctic-embed-xs rates unrelated text near 0.5, MiniLM near 0.1), hence one calibration per model id.
/// The defaults were measured on SciFact (claims against their relevant abstracts versus random abstracts).
/// </summary>
public sealed class EncoderCalibration
{
    /// <summary>
    /// Cosine between the question (query embedding) and a passage or passage sentence at which it counts as not
    /// related at all: the zero of <see cref="QuestionRelevance"/>, the similarity half of answerability.
    /// </summary>
    [Range(-1.0, 1.0)]
    public double MinQuestionSimilarity { get; set; }

    /// <summary>Typical cosine between a question and the passage that answers it; a sentence this close is fully relevant.</summary>
    [Range(-1.0, 1.0)]
    public double TypicalAnswerSimilarity { get; set; }

    /// <summary>Typical cosine between two unrelated sentences: no embedding support at or below it.</summary>
    [Range(-1.0, 1.0)]
    public double UnrelatedSentenceSimilarity { get; set; }

    /// <summary>Typical cosine between a claim and the passage sentence that supports it: full embedding support at or above it.</summary>
    [Range(-1.0, 1.0)]
    public double SupportingSentenceSimilarity { get; set; }

    /// <summary>
    /// Whether the encoder understands text in CJK scripts. Both shipped encoders are English models: they rate any two
    /// Chinese texts alike (a Chinese question about cake scores 0.47 against a Chinese passage about Transformers), so a
    /// mostly-CJK question or claim is judged by keywords alone. An English question about a Chinese passage that
    /// names English terms still uses embeddings.
    /// </summary>
    public bool UnderstandsCjk { get; set; }

    /// <summary>
    /// Scales for questions and claims in one language, by ISO 639-1 code: "zh" for mostly-CJK text. An encoder that
    /// rates Chinese pairs on another scale than English ones (most multilingual models do) gets its own thresholds from
    /// `calibrate`; an entry here is used, and understood, for that language whatever <see cref="UnderstandsCjk"/> says.
    /// </summary>
    public Dictionary<string, EncoderCalibration> Languages { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The language code of mostly-CJK text in <see cref="Languages"/>.</summary>
    public const string Chinese = "zh";

    /// <remarks>
    /// SciFact test claims (query embedding) against their relevant abstracts: 5th/10th/50th percentile 0.28/0.34/0.59;
    /// against random abstracts: 50th/95th/99th 0.08/0.26/0.37; off-topic questions peak near 0.21. Claims against the
    /// best sentence of a relevant abstract: median 0.67, 90th 0.85; of a random abstract: 95th 0.34. Sentences on the
    /// same subject that do not state the claim reach 0.4-0.6, hence the floor of sentence support above random pairs.
    /// </remarks>
    public static EncoderCalibration MiniLM => new()
    {
        MinQuestionSimilarity = 0.30,
        TypicalAnswerSimilarity = 0.60,
        UnrelatedSentenceSimilarity = 0.35,
        SupportingSentenceSimilarity = 0.80,
    };

    /// <remarks>
    /// Arctic-embed-xs compresses everything upwards. Relevant abstracts: 5th/10th/50th percentile 0.56/0.58/0.71;
    /// random: 50th/95th/99th 0.50/0.57/0.60; off-topic questions 0.48-0.54. Claim against best sentence of a relevant
    /// abstract: median 0.84, 90th 0.91; of a random one: median 0.74, 95th 0.79.
    /// </remarks>
    public static EncoderCalibration ArcticXs => new()
    {
        MinQuestionSimilarity = 0.58,
        TypicalAnswerSimilarity = 0.71,
        UnrelatedSentenceSimilarity = 0.79,
        SupportingSentenceSimilarity = 0.91,
    };

    internal bool IsConsistent =>
        TypicalAnswerSimilarity > MinQuestionSimilarity && SupportingSentenceSimilarity > UnrelatedSentenceSimilarity
        && Languages.Values.All(l => l.IsConsistent);

    /// <summary>
    /// The scale to read cosines of <paramref name="text"/> (a question or claim) on: the language's own entry for
    /// mostly-CJK text, else this one when the encoder understands it; null when the encoder's cosines for it mean
    /// nothing and keywords alone must judge.
    /// </summary>
    internal EncoderCalibration? For(string text)
    {
        if (!CjkText.IsMostlyCjk(text))
        {
            return this;
        }

        if (Languages.TryGetValue(Chinese, out var chinese))
        {
            return chinese.InLanguage();
        }

        return UnderstandsCjk ? this : null;
    }

    // A language entry always understands its language.
    private EncoderCalibration InLanguage() => UnderstandsCjk ? this : new()
    {
        MinQuestionSimilarity = MinQuestionSimilarity,
        TypicalAnswerSimilarity = TypicalAnswerSimilarity,
        UnrelatedSentenceSimilarity = UnrelatedSentenceSimilarity,
        SupportingSentenceSimilarity = SupportingSentenceSimilarity,
        UnderstandsCjk = true,
    };

    /// <summary>How relevant a text is to the question by its embedding: 0 at <see cref="MinQuestionSimilarity"/> or below, 1 at the typical answer.</summary>
    internal double QuestionRelevance(double cosine) =>
        Math.Clamp((cosine - MinQuestionSimilarity) / (TypicalAnswerSimilarity - MinQuestionSimilarity), 0.0, 1.0);

    /// <summary>How well a passage sentence supports a claim by their embeddings, in [0, 1].</summary>
    internal double SentenceSupport(double cosine) =>
        Math.Clamp((cosine - UnrelatedSentenceSimilarity) / (SupportingSentenceSimilarity - UnrelatedSentenceSimilarity), 0.0, 1.0);
}
