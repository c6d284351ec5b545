namespace KnowledgeHub.Retrieval.Fusion;

/// <summary>
/// Hybrid fusion for every search (<see cref="Section"/>) and, per collection, complete replacements
/// (<see cref="Collections"/>: an entry's unset members take the built-in defaults, not the section's).
/// </summary>
public sealed class FusionOptions : FusionSettings
{
    public const string Section = "KnowledgeHub:Retrieval:Fusion";

    public Dictionary<string, FusionSettings> Collections { get; } = new(StringComparer.Ordinal);

    /// <summary>The settings for a search in <paramref name="collection"/> (null: across collections).</summary>
    public FusionSettings For(string? collection) =>
        collection is not null && Collections.TryGetValue(collection, out var own) ? own : this;
}
