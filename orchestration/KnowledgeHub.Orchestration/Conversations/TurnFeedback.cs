namespace KnowledgeHub.Orchestration.Conversations;

public enum FeedbackRating
{
    Up,
    Down,
}

/// <summary>A reader's verdict on one answer, with an optional corrected answer.</summary>
public sealed record TurnFeedback(string TurnId, string Tenant, FeedbackRating Rating, string? CorrectedAnswer, string? Comment, DateTimeOffset CreatedAt)
{
    /// <summary>Approved answers are exported for fine-tuning: a thumbs up, or any feedback that supplies the right answer.</summary>
    public bool Approves => Rating == FeedbackRating.Up || !string.IsNullOrWhiteSpace(CorrectedAnswer);
}

/// <summary>A turn approved by its feedback, as <c>export-sft</c> reads it.</summary>
public sealed record ApprovedTurn(RecordedTurn Turn, TurnFeedback Feedback)
{
    /// <summary>The corrected answer when one was given, the stored answer otherwise.</summary>
    public string Answer => string.IsNullOrWhiteSpace(Feedback.CorrectedAnswer) ? Turn.Answer : Feedback.CorrectedAnswer.Trim();
}

/// <summary>The stored and wire form of a rating: "up" or "down".</summary>
public static class FeedbackRatings
{
    public static string Text(FeedbackRating rating) => rating == FeedbackRating.Up ? "up" : "down";

    /// <exception cref="ArgumentException">Neither "up" nor "down".</exception>
    public static FeedbackRating Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "up" => FeedbackRating.Up,
        "down" => FeedbackRating.Down,
        _ => throw new ArgumentException($"A rating is 'up' or 'down', not '{text}'.", nameof(text)),
    };
}
