using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Web.Hosting;

/// <summary>Which database holds documents, status and chunks.</summary>
public sealed class StoreOptions : IValidatableObject
{
    public const string Section = "KnowledgeHub:Store";

    /// <summary>`sqlite` (the embedded default, a file in the data folder) or `postgres` (ConnectionStrings:Postgres).</summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "KnowledgeHub:Store:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// Whether hosts bring the schemas (the store's, and Hangfire's with PostgreSQL jobs) up to date at start, under a
    /// database lock. False leaves it to the `migrate` command, run once per upgrade before the hosts start.
    /// </summary>
    public bool MigrateAtStart { get; set; } = true;

    /// <summary>Bound from ConnectionStrings:Postgres.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Reads the provider from configuration while services are being registered (validated again at start).</summary>
    public static bool IsPostgresIn(IConfiguration configuration) => configuration[$"{Section}:{nameof(Provider)}"] == "postgres";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == "postgres" && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult("KnowledgeHub:Store:Provider is 'postgres' but ConnectionStrings:Postgres is not set.");
        }
    }
}
