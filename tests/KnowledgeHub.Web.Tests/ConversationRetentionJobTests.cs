using Hangfire;
using Hangfire.Storage;
using KnowledgeHub.Orchestration.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

/// <summary>The server schedules conversation retention as a Hangfire recurring job only when retention is configured.</summary>
public sealed class ConversationRetentionJobTests
{
    private const string JobId = "conversation-retention";

    [Fact]
    public async Task With_retention_set_an_hourly_job_deletes_expired_conversations_but_not_recent_or_rated_ones()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:Conversations:RetentionDays=30");
        var store = server.Services.GetRequiredService<IConversationStore>();
        var now = DateTimeOffset.UtcNow;
        await store.CreateAsync(new Conversation("conv_expired", "default", null, now.AddDays(-40), now.AddDays(-40)));
        await store.CreateAsync(new Conversation("conv_recent", "default", null, now.AddDays(-2), now.AddDays(-2)));
        var rated = new Conversation("conv_rated", "default", null, now.AddDays(-40), now.AddDays(-40));
        await store.CreateAsync(rated);
        await store.AddTurnAsync(new RecordedTurn(
            "turn_rated", rated.Id, rated.Tenant, 0, null, "q", "q", "a", "[]", Found: true, Grounded: true, "extractive", null,
            new Orchestration.AnswerUsage(1, 1, 1, 1), now.AddDays(-40), now.AddDays(-40)));
        await store.SetFeedbackAsync(new TurnFeedback("turn_rated", "default", FeedbackRating.Up, null, null, now.AddDays(-40)));
        // The turn moved the conversation's activity to its answer time, still 40 days ago.
        Assert.True((await store.GetAsync("default", "conv_rated"))!.UpdatedAt < now.AddDays(-30));

        using (var connection = server.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == JobId);
            Assert.Equal(Cron.Hourly(), job.Cron);
        }

        server.Services.GetRequiredService<IRecurringJobManager>().Trigger(JobId);

        // The job runs on the server's own Hangfire workers; the bound only keeps a broken build from hanging CI.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await store.GetAsync("default", "conv_expired") is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The triggered retention job did not delete the expired conversation within 2 minutes.");
            await Task.Delay(100);
        }

        Assert.NotNull(await store.GetAsync("default", "conv_recent"));
        Assert.NotNull(await store.GetAsync("default", "conv_rated"));
    }

    [Fact]
    public async Task Without_retention_no_job_is_scheduled()
    {
        await using var server = await KnowledgeHubServer.StartAsync();

        using var connection = server.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.DoesNotContain(connection.GetRecurringJobs(), j => j.Id == JobId);
    }
}
