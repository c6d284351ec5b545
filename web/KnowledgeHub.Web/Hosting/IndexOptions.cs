using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Web.Hosting;

/// <summary>Which index holds the chunk vectors and keywords (KnowledgeHub:Index).</summary>
public sealed class IndexOptions
{
    public const string Section = "KnowledgeHub:Index";

    /// <summary>`embedded` (the default: in-process, in the data folder) or `qdrant` (KnowledgeHub:Index:Qdrant:Url).</summary>
    [Required]
    [RegularExpression("^(embedded|qdrant)$", ErrorMessage = "KnowledgeHub:Index:Provider must be 'embedded' or 'qdrant'.")]
    public string Provider { get; set; } = "embedded";

    public bool IsQdrant => Provider == "qdrant";

    public static IndexOptions From(IConfiguration configuration) =>
        new() { Provider = configuration[$"{Section}:{nameof(Provider)}"] ?? "embedded" };
}
