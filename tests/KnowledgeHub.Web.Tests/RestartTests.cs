using System.Text;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task Documents_left_queued_by_a_previous_process_are_ingested_at_the_next_start()
    {
        var dataPath = KnowledgeHubServer.NewDataPath();
        string id;
        await using (var tool = KnowledgeHubApp.CreateTool([$"--KnowledgeHub:DataPath={dataPath}"]))
        {
            // Stored and queued, but the process ends before any job runs (the in-memory queue dies with it).
            await tool.Services.GetRequiredService<IDocumentStore>().InitializeAsync();
            using var body = new MemoryStream(Encoding.UTF8.GetBytes("Lighthouses warn ships away from dangerous rocks at night."));
            var upload = await tool.Services.GetRequiredService<DocumentService>().UploadAsync("default", null, "lighthouse.txt", "text/plain", body, enqueue: false);
            id = upload.Document.Id;
            Assert.Equal(DocumentStatus.Queued, upload.Document.Status);
        }

        await using var server = await KnowledgeHubServer.StartInAsync(dataPath);
        var document = await server.WaitForEndAsync(id);

        Assert.Equal("completed", document.GetProperty("status").GetString());
        var search = await server.PostJsonAsync("/api/search", new { query = "lighthouse ships rocks", top = 3 });
        Assert.Equal(id, search.GetProperty("results")[0].GetProperty("documentId").GetString());
    }
}
