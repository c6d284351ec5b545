using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Orchestration.Conversations;

/// <summary>
/// Deletes conversations past <see cref="ConversationRetentionOptions.RetentionDays"/> of inactivity, in batches so no
/// transaction holds many rows; the host runs it as a recurring job.
/// </summary>
public sealed class ConversationRetention(
    IConversationStore store,
    IOptions<ConversationRetentionOptions> options,
    TimeProvider time,
    ILogger<ConversationRetention> logger)
{
    public const int BatchSize = 500;

    /// <returns>How many conversations were deleted (0 when retention is off).</returns>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return 0;
        }

        // One cutoff for the whole run: conversations that expire while it runs wait for the next one.
        var cutoff = time.GetUtcNow().AddDays(-settings.RetentionDays);
        var total = 0;
        int deleted;
        do
        {
            deleted = await store.DeleteInactiveAsync(cutoff, settings.KeepWithFeedback, BatchSize, cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        ConversationLog.Purged(logger, total, cutoff);
        return total;
    }
}
