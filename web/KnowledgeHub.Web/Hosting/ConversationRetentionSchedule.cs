using Hangfire;
using KnowledgeHub.Orchestration.Conversations;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// Keeps Hangfire's recurring retention job in step with configuration at start: added (hourly) when
/// <see cref="ConversationRetentionOptions.RetentionDays"/> is set, removed when it is 0. Hangfire runs a recurring job
/// once per occurrence whichever process holds a server, so replicas and workers never purge twice.
/// </summary>
internal sealed class ConversationRetentionSchedule(IRecurringJobManager jobs, IOptions<ConversationRetentionOptions> options) : IHostedService
{
    public const string JobId = "conversation-retention";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            jobs.AddOrUpdate<ConversationRetention>(JobId, retention => retention.PurgeAsync(CancellationToken.None), Cron.Hourly());
        }
        else
        {
            jobs.RemoveIfExists(JobId);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
