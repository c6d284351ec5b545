using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// KnowledgeHub:Jobs is validated as every host validates it at start (ValidateOnStart on the same registration),
/// without starting a host: Hangfire's configuration is process-wide, and these tests must not leave theirs behind.
/// </summary>
public sealed class JobsConfigurationTests
{
    [Fact]
    public void PostgreSQL_jobs_without_a_connection_string_are_a_configuration_error_naming_the_missing_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Jobs(("KnowledgeHub:Jobs:Provider", "postgres")));

        Assert.Contains("ConnectionStrings:Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_memory_jobs_that_serve_would_not_run_are_a_configuration_error()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Jobs(("KnowledgeHub:Jobs:ServeRunsWorkers", "false")));

        Assert.Contains("ServeRunsWorkers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSQL_jobs_take_the_store_connection_string_and_their_own_schema()
    {
        var jobs = Jobs(("KnowledgeHub:Jobs:Provider", "postgres"), ("ConnectionStrings:Postgres", "Host=db;Database=kh"));

        Assert.Equal("Host=db;Database=kh", jobs.PostgresConnectionString);
        Assert.Equal("hangfire", jobs.Schema);
        Assert.False(jobs.ServeRunsJobs);
    }

    [Fact]
    public async Task The_worker_command_refuses_in_memory_jobs_with_a_configuration_error()
    {
        var exitCode = await CommandLine.RunAsync(["worker", $"--KnowledgeHub:DataPath={KnowledgeHubServer.NewDataPath()}"]);

        Assert.Equal(3, exitCode);
    }

    [Theory]
    [InlineData("memory", null, true)]
    [InlineData("postgres", null, false)]
    [InlineData("postgres", true, true)]
    public void Serve_runs_jobs_by_default_only_with_in_memory_jobs(string provider, bool? configured, bool expected)
    {
        var options = new JobsOptions { Provider = provider, ServeRunsWorkers = configured };

        Assert.Equal(expected, options.ServeRunsJobs);
    }

    private static JobsOptions Jobs(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddIngestionJobs(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<JobsOptions>>().Value;
    }
}
