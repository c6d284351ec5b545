using System.ComponentModel.DataAnnotations;
using KnowledgeHub.Orchestration.Grounding;

namespace KnowledgeHub.Orchestration;

/// <summary>How questions are answered (section "KnowledgeHub:Answer").</summary>
public sealed class AnswerOptions
{
    public const string SectionName = "KnowledgeHub:Answer";

    /// <summary>Passages retrieved and shown to the answerer.</summary>
    [Range(1, 50)]
    public int TopPassages { get; set; } = 5;

    /// <summary>
    /// Leave chunks flagged as planted instructions out of answers and the decoder's prompt (a few more passages are
    /// retrieved so that <see cref="TopPassages"/> clean ones remain). They stay searchable, with their flag, either way.
    /// </summary>
    public bool ExcludeSuspiciousPassages { get; set; } = true;

    /// <summary>The name the assistant goes by in the prompt.</summary>
    [Required]
    [StringLength(80, MinimumLength = 1)]
    public string AssistantName { get; set; } = "KnowledgeHub Assistant";

    /// <summary>Most tokens a decoder may write for one answer, unless the request asks for fewer or more.</summary>
    [Range(1, 32_768)]
    public int MaxTokens { get; set; } = 512;

    /// <summary>Decoder sampling temperature; low, because answers should follow the passages.</summary>
    [Range(0.0, 2.0)]
    public double Temperature { get; set; } = 0.2;

    /// <summary>
    /// Estimated tokens of passage text the decoder is shown (about four characters per token). Lower-ranked passages
    /// that do not fit are left out, so the prompt stays inside a small model's context; the best passage is always kept.
    /// </summary>
    [Range(16, 1_000_000)]
    public int MaxPassageTokens { get; set; } = 1200;

    /// <summary>
    /// Chunks of a passage's enclosing section shown to the decoder on each side of it, so small chunks that match well
    /// are read in their setting; 0 shows passages alone. The section text shares <see cref="MaxPassageTokens"/>: the
    /// passages themselves come first and the context is trimmed to what is left. Extractive answers never use it.
    /// </summary>
    [Range(0, 10)]
    public int SectionContextChunks { get; set; } = 1;

    /// <summary>
    /// Retrieved chunks whose sentence embeddings are kept in memory for verification (least recently used evicted;
    /// 0 turns the cache off). A chunk of ~10 sentences holds ~15 KB at 384 dimensions.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SentenceCacheChunks { get; set; } = 4096;

    /// <summary>Most sentences an extractive answer quotes.</summary>
    [Range(1, 10)]
    public int MaxAnswerSentences { get; set; } = 3;

    /// <summary>
    /// Least answerability (0..1) for an answer to be given: below it the documents are judged not to answer the question
    /// and the answer says so, naming the near passages as related instead of citing them. Both answer paths use it, the
    /// decoder's before it spends tokens. Calibrated on constructed unanswerable questions (`eval-answerability`).
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinAnswerability { get; set; } = 0.44;

    /// <summary>
    /// Weight of meaning (question-to-sentence similarity on the encoder's calibrated scale) in answerability; the rest is
    /// the coverage of the question's content terms. Keywords only for an encoder without calibration.
    /// </summary>
    [Range(0.0, 1.0)]
    public double AnswerabilitySimilarityWeight { get; set; } = 0.3;

    /// <summary>
    /// Answerability lost when a word of the question appears nowhere in the searched collection: documents that never
    /// name "Australia" do not answer a question about it, however close their passages come.
    /// </summary>
    [Range(0.0, 1.0)]
    public double AbsentTermPenalty { get; set; } = 0.25;

    /// <summary>Near passages a "not found" answer lists as related.</summary>
    [Range(0, 20)]
    public int RelatedPassages { get; set; } = 3;

    /// <summary>Weighted share of the question's terms a sentence must contain to be quoted as an answer.</summary>
    [Range(0.0, 1.0)]
    public double MinSentenceRelevance { get; set; } = 0.3;

    /// <summary>
    /// Least support (0..1) an answer sentence needs from a passage to count as supported: a weighted mix of the share
    /// of its content terms the passage sentence contains and of the calibrated embedding similarity between them.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinSentenceSupport { get; set; } = 0.45;

    /// <summary>Weight of keyword support in a sentence's support; the rest is embedding support (keywords only for an encoder without calibration).</summary>
    [Range(0.0, 1.0)]
    public double KeywordSupportWeight { get; set; } = 0.5;

    /// <summary>
    /// Drop a generated answer's unsupported sentences when at least one sentence is supported; when none is, every
    /// sentence is kept and the answer is marked not grounded. False keeps and flags them always.
    /// </summary>
    public bool DropUnsupportedSentences { get; set; } = true;

    /// <summary>
    /// Similarity scales per encoder model id ("KnowledgeHub:Answer:Encoders:&lt;model id&gt;:MinQuestionSimilarity", ...).
    /// An encoder without an entry is not used to judge answers: answerability and sentence support use keywords only.
    /// </summary>
    public Dictionary<string, EncoderCalibration> Encoders { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["all-MiniLM-L6-v2"] = EncoderCalibration.MiniLM,
        ["snowflake-arctic-embed-xs"] = EncoderCalibration.ArcticXs,

        // The int8 graphs stay within about 1% cosine of their float models (Int8EncoderTests), so they share the scales.
        ["all-MiniLM-L6-v2-int8"] = EncoderCalibration.MiniLM,
        ["snowflake-arctic-embed-xs-int8"] = EncoderCalibration.ArcticXs,
    };
}
