using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Cli;

/// <summary>
/// `worker`: runs ingestion jobs from the shared PostgreSQL job storage and nothing else (no HTTP). Start as many as
/// the machines allow; each takes jobs on its own, and a job whose worker dies is taken by another after
/// KnowledgeHub:Jobs:InvisibilityTimeout.
/// </summary>
public static class WorkerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var host = CreateHost(args);
        await host.RunAsync();
        return 0;
    }

    /// <summary>The worker host; refuses a configuration in which other processes could not share its work.</summary>
    public static IHost CreateHost(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        KnowledgeHubApp.AddConfigurationDefaults(builder.Configuration);
        var jobs = JobsOptions.From(builder.Configuration);
        if (!jobs.IsPostgres || !StoreOptions.IsPostgresIn(builder.Configuration))
        {
            throw new OptionsValidationException(JobsOptions.Section, typeof(JobsOptions), [
                "The worker command shares its work through PostgreSQL: set KnowledgeHub:Jobs:Provider=postgres and KnowledgeHub:Store:Provider=postgres "
                + "(with ConnectionStrings:Postgres). With in-memory jobs, `serve` runs the jobs itself."]);
        }

        builder.Services.AddKnowledgeHub(builder.Configuration);
        builder.Services.AddIngestionWorkerProcess(builder.Configuration);
        return builder.Build();
    }
}
