using System.Text;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>Puts a text document into the store and the content store of a test container, as an upload would.</summary>
internal static class StoredDocuments
{
    public static async Task<string> AddAsync(IServiceProvider services, string id, string fileName, string text)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await store.InitializeAsync();
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var saved = await services.GetRequiredService<ContentStore>().SaveAsync(body, 1024 * 1024);
        var now = DateTimeOffset.UtcNow;
        var (document, _) = await store.AddIfAbsentAsync(new DocumentRecord
        {
            Id = id,
            Tenant = "acme",
            Collection = "default",
            FileName = fileName,
            ContentHash = saved.Hash,
            SizeBytes = saved.Size,
            CreatedAt = now,
            UpdatedAt = now,
        });
        return document.Id;
    }
}
