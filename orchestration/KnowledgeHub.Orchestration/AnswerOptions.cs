using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Orchestration;

/// <summary>How questions are answered (section "KnowledgeHub:Answer").</summary>
public sealed class AnswerOptions
{
    public const string SectionName = "KnowledgeHub:Answer";

    /// <summary>Passages retrieved and shown to the answerer.</summary>
    [Range(1, 50)]
    public int TopPassages { get; set; } = 5;

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

    /// <summary>Most sentences an extractive answer quotes.</summary>
    [Range(1, 10)]
    public int MaxAnswerSentences { get; set; } = 3;

    /// <summary>Weighted share of the question's terms a sentence must contain to be quoted as an answer.</summary>
    [Range(0.0, 1.0)]
    public double MinSentenceRelevance { get; set; } = 0.3;
}
