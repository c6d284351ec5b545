using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Web.Hosting;

/// <summary>Where Hangfire keeps ingestion jobs, and which processes run them.</summary>
public sealed class JobsOptions : IValidatableObject
{
    public const string Section = "KnowledgeHub:Jobs";

    /// <summary>`memory` (in-process; the serve process runs its jobs) or `postgres` (shared by any number of `worker` processes).</summary>
    [Required]
    [RegularExpression("^(memory|postgres)$", ErrorMessage = "KnowledgeHub:Jobs:Provider must be 'memory' or 'postgres'.")]
    public string Provider { get; set; } = "memory";

    /// <summary>Whether `serve` also runs ingestion jobs. Unset: yes with `memory`, no with `postgres` (workers run them).</summary>
    public bool? ServeRunsWorkers { get; set; }

    /// <summary>The PostgreSQL schema of Hangfire's tables, apart from the document store's.</summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "KnowledgeHub:Jobs:Schema must be a lower-case SQL identifier.")]
    public string Schema { get; set; } = "hangfire";

    /// <summary>
    /// How long a job fetched by a worker that died stays invisible before another worker takes it. A live worker
    /// keeps extending it (sliding), so long documents are never taken twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an idle worker looks for jobs, besides being woken by PostgreSQL notifications.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bound from ConnectionStrings:Postgres (the same database as the store; Hangfire keeps to its own schema).</summary>
    public string? PostgresConnectionString { get; set; }

    public bool IsPostgres => Provider == "postgres";

    public bool ServeRunsJobs => ServeRunsWorkers ?? !IsPostgres;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsPostgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult("KnowledgeHub:Jobs:Provider is 'postgres' but ConnectionStrings:Postgres is not set.");
        }

        if (!IsPostgres && ServeRunsWorkers == false)
        {
            yield return new ValidationResult(
                "KnowledgeHub:Jobs:ServeRunsWorkers is false but jobs are in memory, where no other process can see them: nothing would ingest. Use KnowledgeHub:Jobs:Provider=postgres with `worker` processes.");
        }
    }

    /// <summary>Reads the options from configuration while services are being registered (validated again at start).</summary>
    public static JobsOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<JobsOptions>() ?? new JobsOptions();
        options.PostgresConnectionString = configuration.GetConnectionString("Postgres");
        return options;
    }
}
