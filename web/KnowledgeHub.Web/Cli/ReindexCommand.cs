using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using KnowledgeHub.Infra.Qdrant;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Ingestion.Tenancy;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Web.Cli;

/// <summary>
/// `reindex`: rebuilds the index of the configured encoder from the document store into a new index, then swaps
/// it in. Qdrant: a new physical collection behind the model's alias, the alias moved atomically (searches never
/// see a half-built index), the old collection deleted. Embedded: a new folder put in place of the old one, which
/// needs the server stopped (the embedded index belongs to one process).
/// </summary>
public static class ReindexCommand
{
    private const string Usage = "Usage: reindex [--tenant a,b] [--force] [--keep-old]";

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "tenant" }, new HashSet<string> { "force", "keep-old" });
        if (parsed.Positionals.Count != 0)
        {
            throw new ArgumentException(Usage);
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var services = app.Services;
        var index = services.Settings<IndexOptions>();
        var qdrant = index.IsQdrant ? services.Settings<QdrantIndexOptions>() : null;
        var store = services.GetRequiredService<IDocumentStore>();
        await store.InitializeAsync();
        var encoder = services.GetRequiredService<ITextEncoder>();
        var tenants = await TenantsAsync(services, parsed.Value("tenant"));
        var rebuilder = new IndexRebuilder(store, services.GetRequiredService<ChunkEmbedder>(), services.GetRequiredService<TimeProvider>());
        Console.WriteLine($"reindex: {encoder.ModelId} ({encoder.Dimensions} dimensions), tenants {string.Join(", ", tenants)}");

        if (qdrant is null)
        {
            return await EmbeddedAsync(services, rebuilder, encoder, tenants);
        }

        try
        {
            return await QdrantAsync(services, rebuilder, encoder, tenants, parsed.Has("force"), parsed.Has("keep-old"));
        }
        catch (RpcException ex)
        {
            await Console.Error.WriteLineAsync($"Qdrant at {qdrant.Url} failed: {ex.StatusCode} ({ex.Status.Detail}). The alias was not moved unless the output above says so.");
            return ExitCodes.Failed;
        }
    }

    private static async Task<int> QdrantAsync(IServiceProvider services, IndexRebuilder rebuilder, ITextEncoder encoder, IReadOnlyList<string> tenants, bool force, bool keepOld)
    {
        var collections = services.GetRequiredService<QdrantCollections>();
        var alias = collections.AliasFor(encoder.ModelId);
        var previous = await collections.ResolveAliasAsync(alias);
        var plainCollection = previous is null && await collections.ExistsAsync(alias);
        var fresh = collections.NewCollectionName(alias);

        await collections.CreateAsync(fresh, encoder.ModelId, encoder.Dimensions);
        var clock = Stopwatch.StartNew();
        var copies = await rebuilder.FillAsync(collections.Open(fresh, encoder.ModelId, encoder.Dimensions), tenants, Report);
        var live = previous ?? (plainCollection ? alias : null);
        if (live is not null)
        {
            // Documents being ingested keep their live version in the new collection until their job replaces it.
            var carried = 0;
            foreach (var tenant in tenants)
            {
                foreach (var document in (await services.GetRequiredService<IDocumentStore>().ListAsync(tenant)).Where(d => d.Status is DocumentStatus.Queued or DocumentStatus.Processing))
                {
                    carried += await collections.CopyDocumentAsync(live, fresh, tenant, document.Id) > 0 ? 1 : 0;
                }
            }

            if (carried > 0)
            {
                Console.WriteLine($"carried over the live version of {carried} documents still being ingested");
            }
        }

        var chunks = await collections.CountAsync(fresh);
        Console.WriteLine($"built {fresh}: {copies.Count} documents, {chunks} chunks in {clock.Elapsed.TotalSeconds:F1} s");

        if (live is not null && !force)
        {
            // Points of tenants this run did not copy would vanish with the swap.
            var liveTotal = await collections.CountAsync(live);
            long covered = 0;
            foreach (var tenant in tenants)
            {
                covered += await collections.CountAsync(live, tenant);
            }

            if (liveTotal > covered)
            {
                await collections.DeleteAsync(fresh);
                await Console.Error.WriteLineAsync(
                    $"{live} holds {liveTotal - covered} chunks of tenants not reindexed; name them with --tenant, or pass --force to drop them. Nothing was swapped.");
                return ExitCodes.Failed;
            }
        }

        if (plainCollection)
        {
            // An alias cannot share its name with a collection: the hand-made collection goes first (searches fail until the alias exists).
            await collections.DeleteAsync(alias);
        }

        await collections.SwapAliasAsync(alias, fresh);
        Console.WriteLine($"alias {alias} -> {fresh}" + (previous is null ? string.Empty : $" (was {previous})"));
        var caughtUp = await rebuilder.CatchUpAsync(collections.Open(alias, encoder.ModelId, encoder.Dimensions), copies, tenants);
        if (caughtUp > 0)
        {
            Console.WriteLine($"caught up {caughtUp} documents that changed during the rebuild");
        }

        if (previous is not null && previous != fresh && !keepOld)
        {
            await collections.DeleteAsync(previous);
            Console.WriteLine($"deleted {previous}");
        }

        return 0;
    }

    private static async Task<int> EmbeddedAsync(IServiceProvider services, IndexRebuilder rebuilder, ITextEncoder encoder, IReadOnlyList<string> tenants)
    {
        var live = services.GetRequiredService<DataPaths>().IndexFor(encoder.ModelId);
        var rebuilt = live + ".rebuild-" + services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<IndexRebuilder.Copied> copies;
        int chunks;
        using (var target = EmbeddedIndex.Open(rebuilt, encoder.ModelId, encoder.Dimensions))
        {
            copies = await rebuilder.FillAsync(target, tenants, Report);
            chunks = 0;
            foreach (var tenant in tenants)
            {
                chunks += await target.CountAsync(tenant);
            }
        }

        Console.WriteLine($"built {rebuilt}: {copies.Count} documents, {chunks} chunks in {clock.Elapsed.TotalSeconds:F1} s");
        try
        {
            EmbeddedIndexFolder.Replace(live, rebuilt);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"{ex.Message} The rebuilt index stays in '{rebuilt}'; stop the server and run reindex again.");
            return ExitCodes.Failed;
        }

        Console.WriteLine($"{live} replaced");
        return 0;
    }

    /// <summary>The tenants named with --tenant, else every tenant the store knows of: the default one and those of API keys.</summary>
    private static async Task<IReadOnlyList<string>> TenantsAsync(IServiceProvider services, string? named)
    {
        if (!string.IsNullOrWhiteSpace(named))
        {
            return [.. named.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
        }

        var tenants = new SortedSet<string>(StringComparer.Ordinal) { services.Settings<KnowledgeHubOptions>().DefaultTenant };
        if (services.GetService<IApiKeyStore>() is { } keys)
        {
            foreach (var key in await keys.ListAsync(null))
            {
                tenants.Add(key.Tenant);
            }
        }

        return [.. tenants];
    }

    private static void Report(DocumentRecord document, int chunks) =>
        Console.WriteLine($"  {document.Tenant}/{document.Id} v{document.Version}: {chunks} chunks");
}
