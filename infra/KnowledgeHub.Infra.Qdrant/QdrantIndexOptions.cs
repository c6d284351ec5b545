using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>Where the Qdrant index lives and how patiently it is called (KnowledgeHub:Index:Qdrant).</summary>
public sealed class QdrantIndexOptions : IValidatableObject
{
    public const string Section = "KnowledgeHub:Index:Qdrant";

    /// <summary>The gRPC endpoint, e.g. http://qdrant:6334 (the gRPC port, not the REST port 6333).</summary>
    [Required(ErrorMessage = "KnowledgeHub:Index:Qdrant:Url is required when KnowledgeHub:Index:Provider is 'qdrant'.")]
    public string? Url { get; set; }

    /// <summary>Sent as the api-key header when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The gRPC deadline of every call. Without one, a port that accepts connections but never answers hangs the
    /// caller forever (DESIGN.md); with one, such a call fails with DeadlineExceeded and is retried like any
    /// transient error.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "KnowledgeHub:Index:Qdrant:Deadline must be between 50 ms and 10 minutes.")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Calls in all (first try included) for Unavailable, DeadlineExceeded and ResourceExhausted.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Collection and alias names start with this; each encoder model gets its own collection.</summary>
    [RegularExpression("^[A-Za-z0-9_-]{0,64}$", ErrorMessage = "KnowledgeHub:Index:Qdrant:CollectionPrefix may hold letters, digits, '_' and '-' only.")]
    public string CollectionPrefix { get; set; } = "knowledgehub_";

    /// <summary>Points per upsert request; big documents are sent in several requests.</summary>
    [Range(1, 10_000)]
    public int UpsertBatchSize { get; set; } = 256;

    /// <summary>Shards of a new collection (Qdrant's default when null: one per node).</summary>
    [Range(1, 1024)]
    public int? ShardNumber { get; set; }

    /// <summary>Copies of each shard in a new collection; more than one needs a Qdrant cluster.</summary>
    [Range(1, 16)]
    public int? ReplicationFactor { get; set; }

    /// <summary>
    /// Where hybrid results are fused. "client" (default): Qdrant returns the keyword and dense candidate lists and
    /// KnowledgeHub fuses them with the embedded index's own code (method, weights, RRF k, dense feedback and tie
    /// order per collection, <c>KnowledgeHub:Retrieval:Fusion</c>), so both indexes rank the same lists the same.
    /// "server": one Query API call fused by Qdrant's DBSF (or RRF when the collection's method is rrf), which ignores
    /// weights, RRF k and dense feedback and counts a missing candidate differently (docs/operations.md).
    /// </summary>
    [RegularExpression("^(client|server)$", ErrorMessage = "KnowledgeHub:Index:Qdrant:Fusion must be 'client' or 'server'.")]
    public string Fusion { get; set; } = "client";

    /// <summary>
    /// Which points the keyword side's inverse document frequencies are counted over. "collection" (default): every
    /// point of the Qdrant collection, as the embedded index counts over its whole index. "tenant": only the
    /// searching tenant's points (Qdrant's <c>SearchParams.idf.corpus</c>, servers from 1.20), so one tenant's
    /// documents never shift another's keyword scores.
    /// </summary>
    [RegularExpression("^(collection|tenant)$", ErrorMessage = "KnowledgeHub:Index:Qdrant:IdfScope must be 'collection' or 'tenant'.")]
    public string IdfScope { get; set; } = "collection";

    public bool FusesOnServer => Fusion == "server";

    public bool TenantIdf => IdfScope == "tenant";

    /// <summary>
    /// Qdrant's server-side <c>timeout</c> for reads, in whole seconds: the client deadline rounded down (at least 1 s,
    /// the least Qdrant takes), so a query the client has given up on, and will retry, stops on the server too.
    /// </summary>
    public ulong ServerTimeoutSeconds => (ulong)Math.Max(1, (long)Math.Floor(Deadline.TotalSeconds));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Url)
            && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult(
                $"KnowledgeHub:Index:Qdrant:Url '{Url}' is not an http(s) URL such as http://localhost:6334.", [nameof(Url)]);
        }
    }
}
