using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Hangfire;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// The pipeline, not Hangfire, decides when a document has failed: Hangfire must still hold a job's retry for every
/// attempt that the largest allowed MaxAttempts promises, or the document would stay queued with no job to run it.
/// </summary>
public sealed class RetryLimitTests
{
    [Fact]
    public void Hangfire_retries_a_job_at_least_as_often_as_the_largest_allowed_MaxAttempts_needs()
    {
        var retry = typeof(IngestDocumentJob).GetMethod(nameof(IngestDocumentJob.RunAsync))!.GetCustomAttribute<AutomaticRetryAttribute>()!;
        var range = typeof(IngestionOptions).GetProperty(nameof(IngestionOptions.MaxAttempts))!.GetCustomAttribute<RangeAttribute>()!;

        // MaxAttempts counts runs; Hangfire's Attempts counts retries after the first run.
        Assert.True(retry.Attempts >= (int)range.Maximum - 1, $"Hangfire retries {retry.Attempts} times; MaxAttempts may be {range.Maximum}.");
        Assert.Equal(retry.Attempts, retry.DelaysInSeconds.Length);
        Assert.Equal(AttemptsExceededAction.Delete, retry.OnAttemptsExceeded);
    }
}
