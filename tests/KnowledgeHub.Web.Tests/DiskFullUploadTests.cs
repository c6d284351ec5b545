using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Web.Apis;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

/// <summary>A full disk answers 507 with a reason, leaves nothing half-stored, and uploads work again once space returns.</summary>
public sealed class DiskFullUploadTests
{
    [Fact]
    public async Task An_upload_onto_a_full_disk_gets_507_stores_nothing_and_succeeds_once_space_returns()
    {
        var disk = new Disk { Full = true };
        string? originals = null;
        await using var server = await KnowledgeHubServer.StartWithAsync((dataPath, services) =>
        {
            originals = Path.Combine(Path.GetFullPath(dataPath), "originals");
            services.AddSingleton(new ContentStore(originals, path => new FillingStream(path, disk)));
        });
        var bytes = Encoding.UTF8.GetBytes("Pumps need oil. " + new string('x', 200_000));

        using var refused = await UploadAsync(server.Client, bytes);

        var text = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.InsufficientStorage, $"answered {(int)refused.StatusCode}: {text}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Insufficient storage", problem.GetProperty("title").GetString());
        Assert.Contains("disk is full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(originals!, "*", SearchOption.AllDirectories));
        var list = await server.Client.GetFromJsonAsync<JsonElement>("/api/documents");
        Assert.Equal(0, list.GetProperty("total").GetInt32());

        disk.Full = false;
        using var accepted = await UploadAsync(server.Client, bytes);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task A_document_row_that_cannot_be_written_gets_507_and_leaves_no_original_behind()
    {
        var disk = new Disk { Full = true };
        string? originals = null;
        await using var server = await KnowledgeHubServer.StartWithAsync((dataPath, services) =>
        {
            originals = Path.Combine(Path.GetFullPath(dataPath), "originals");
            var real = services.Last(d => d.ServiceType == typeof(IDocumentStore)).ImplementationFactory!;
            services.AddSingleton(sp => FullDatabase.Over((IDocumentStore)real(sp), disk));
        });
        var bytes = Encoding.UTF8.GetBytes("Valves need grease. " + Guid.NewGuid());

        using var refused = await UploadAsync(server.Client, bytes);

        Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(originals!, "*", SearchOption.AllDirectories));

        disk.Full = false;
        using var accepted = await UploadAsync(server.Client, bytes);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Single(Directory.EnumerateFiles(originals!, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(28)]
    [InlineData(122)]
    [InlineData(unchecked((int)0x80070070))]
    public void A_write_failing_for_lack_of_space_counts_as_a_full_disk(int hresult) =>
        Assert.True(DiskFull.Is(new IOException("no space", hresult)));

    [Fact]
    public void Sqlite_full_counts_as_a_full_disk_and_other_failures_do_not()
    {
        Assert.True(DiskFull.Is(new InvalidOperationException("wrapped", new SqliteException("database or disk is full", 13))));
        Assert.False(DiskFull.Is(new SqliteException("locked", 5)));
        Assert.False(DiskFull.Is(new IOException("sharing violation", 11)));
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "pumps.txt" } };
        return client.PostAsync("/api/documents", form);
    }

    /// <summary>The real store, except that writing a document row fails as SQLite does on a full disk while <see cref="Disk.Full"/> is set.</summary>
    public class FullDatabase : DispatchProxy
    {
        private IDocumentStore inner = null!;
        private Disk disk = null!;

        internal static IDocumentStore Over(IDocumentStore inner, Disk disk)
        {
            var store = Create<IDocumentStore, FullDatabase>();
            var proxy = (FullDatabase)(object)store;
            proxy.inner = inner;
            proxy.disk = disk;
            return store;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (disk.Full && targetMethod!.Name is nameof(IDocumentStore.AddIfAbsentAsync) or nameof(IDocumentStore.AddVersionAsync))
            {
                throw new SqliteException("database or disk is full", 13);
            }

            try
            {
                return targetMethod!.Invoke(inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
    }

    internal sealed class Disk
    {
        public volatile bool Full;
    }

    /// <summary>A file that fills the disk half-way through its first write while <see cref="Disk.Full"/> is set.</summary>
    private sealed class FillingStream(string path, Disk disk) : FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true)
    {
        private const int Enospc = 28;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (disk.Full)
            {
                await base.WriteAsync(buffer[..(buffer.Length / 2)], cancellationToken);
                throw new IOException("No space left on device", Enospc);
            }

            await base.WriteAsync(buffer, cancellationToken);
        }
    }
}
