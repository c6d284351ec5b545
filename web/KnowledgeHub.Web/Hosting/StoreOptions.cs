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

    /// <summary>Bound from ConnectionStrings:Postgres.</summary>
    public string? PostgresConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == "postgres" && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult("KnowledgeHub:Store:Provider is 'postgres' but ConnectionStrings:Postgres is not set.");
        }
    }
}
