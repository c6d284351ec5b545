using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Web.Hosting;

public sealed class KnowledgeHubOptions
{
    public const string Section = "KnowledgeHub";

    /// <summary>The one folder that holds all data: SQLite file, originals, index, model cache. Relative paths resolve against the working directory.</summary>
    [Required]
    public string DataPath { get; set; } = "data";

    /// <summary>
    /// Where encoder files are extracted (and quantised) from the program's packages; unset: &lt;DataPath&gt;/models.
    /// Several data folders on one machine may share one cache: files appear only through atomic renames.
    /// </summary>
    public string? ModelCachePath { get; set; }

    /// <summary>
    /// The operator tenant: the bootstrap key is its admin, and its admins manage every tenant's keys. The command line acts
    /// for it; HTTP requests act for their key's tenant.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string DefaultTenant { get; set; } = "default";
}
