using System.Text;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// A document left unfinished without a job (its retry's status write was lost to a full disk, or Hangfire dropped the
/// job after its last retry) is queued again by the running server, without a restart, and completes.
/// </summary>
public sealed class PeriodicRequeueTests
{
    [Fact]
    public async Task An_unfinished_document_without_a_job_is_queued_again_by_the_running_server_and_completes()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:Ingestion:RequeueInterval=00:00:01");
        var store = server.Services.GetRequiredService<IDocumentStore>();
        using var body = new MemoryStream(Encoding.UTF8.GetBytes("The loading dock opens at seven in the morning."));
        var saved = await server.Services.GetRequiredService<ContentStore>().SaveAsync(body, 1024 * 1024);
        var now = DateTimeOffset.UtcNow;

        // Written straight to the store, as a document whose job is gone: nothing enqueues it.
        var (document, _) = await store.AddIfAbsentAsync(new DocumentRecord
        {
            Id = "doc_orphaned_by_full_disk",
            Tenant = "default",
            Collection = "default",
            FileName = "dock.txt",
            ContentHash = saved.Hash,
            SizeBytes = saved.Size,
            CreatedAt = now,
            UpdatedAt = now,
        });

        var ended = await server.WaitForEndAsync(document.Id, TimeSpan.FromMinutes(2));
        Assert.Equal("completed", ended.GetProperty("status").GetString());
    }
}
