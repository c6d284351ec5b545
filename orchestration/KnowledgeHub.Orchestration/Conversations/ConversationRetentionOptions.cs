using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Orchestration.Conversations;

/// <summary>How long stored conversations are kept (section "KnowledgeHub:Conversations").</summary>
public sealed class ConversationRetentionOptions
{
    public const string SectionName = "KnowledgeHub:Conversations";

    /// <summary>
    /// Conversations with no new turn for this many days are deleted, with their turns, by an hourly job; 0 keeps
    /// them for ever (the default: deleting history is the operator's decision).
    /// </summary>
    [Range(0, 36500)]
    public int RetentionDays { get; set; }

    /// <summary>Keep expired conversations that have feedback on any answer: they are the fine-tuning data `export-sft` reads.</summary>
    public bool KeepWithFeedback { get; set; } = true;

    public bool Enabled => RetentionDays > 0;
}
