namespace KnowledgeHub.Retrieval;

public enum SearchMode
{
    Keyword,
    Dense,
    Hybrid,
}

/// <summary>Which chunks a search may return. Every field that is set must match.</summary>
/// <param name="DocumentIds">Any of these documents; an empty list matches nothing.</param>
/// <param name="Tags">Chunks of documents carrying at least one of these tags; an empty list matches nothing.</param>
/// <param name="CreatedFrom">Documents created at or after this instant.</param>
/// <param name="CreatedBefore">Documents created before this instant.</param>
/// <param name="AccessGroups">
/// The reader's access groups: chunks of documents without groups or sharing one of these (see <see cref="Retrieval.AccessGroups"/>);
/// null reads every document of the tenant (an admin key). Enforced inside every index's query, never after it.
/// </param>
/// <param name="Metadata">Conditions on the documents' metadata, all of which must hold; null or empty: none.</param>
public sealed record SearchFilter(
    string Tenant,
    string? Collection = null,
    IReadOnlyList<string>? DocumentIds = null,
    IReadOnlyList<string>? Tags = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedBefore = null,
    IReadOnlyList<string>? AccessGroups = null,
    IReadOnlyList<Metadata.MetadataCondition>? Metadata = null)
{
    public static SearchFilter ForTenant(string tenant) => new(tenant);
}

/// <param name="Text">The query text, used by the keyword side.</param>
/// <param name="Vector">The query embedding (already prefixed/normalised by the encoder), used by the dense side.</param>
/// <param name="Top">How many hits to return.</param>
/// <param name="CandidateDepth">How many candidates each side contributes before fusion; 0 = max(Top * 4, 100).</param>
public sealed record SearchRequest(
    string Text,
    float[]? Vector,
    SearchFilter Filter,
    int Top = 10,
    SearchMode Mode = SearchMode.Hybrid,
    int CandidateDepth = 0)
{
    /// <summary>
    /// Weighted, already analysed terms for the keyword side in place of the analysed <see cref="Text"/>
    /// (query expansion, see <see cref="Analysis.RelevanceModel"/>); null or empty analyses the text.
    /// </summary>
    public IReadOnlyDictionary<string, float>? KeywordTerms { get; init; }

    /// <summary>How a hybrid search fuses (method, weights, dense feedback); null takes the index's own defaults.</summary>
    public Fusion.FusionSettings? Fusion { get; init; }

    public int EffectiveDepth => CandidateDepth > 0 ? Math.Max(CandidateDepth, Top) : Math.Max(Top * 4, 100);
}

/// <summary>One result, best first. Score is comparable only within one result list.</summary>
public sealed record SearchHit(IndexedChunk Chunk, double Score);
