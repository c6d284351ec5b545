using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// The collections behind the index. Searches and writes address an alias per encoder model
/// (<c>&lt;prefix&gt;&lt;model&gt;</c>); the alias points at a physical collection <c>&lt;alias&gt;_v&lt;timestamp&gt;</c>.
/// Re-embedding builds a new physical collection and moves the alias in one atomic change, so readers never see a
/// half-built index (see the reindex verb).
/// </summary>
public sealed class QdrantCollections
{
    private readonly QdrantCalls calls;
    private readonly QdrantIndexOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    internal QdrantCollections(QdrantCalls calls, QdrantIndexOptions options, TimeProvider timeProvider, ILogger logger)
    {
        this.calls = calls;
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <summary>The alias for an encoder model: the prefix and the model id with anything but [A-Za-z0-9_-] replaced.</summary>
    public string AliasFor(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var name = new StringBuilder(options.CollectionPrefix);
        foreach (var c in modelId)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return name.ToString();
    }

    /// <summary>A fresh physical collection name for the alias, from the current UTC time.</summary>
    public string NewCollectionName(string alias) =>
        string.Create(CultureInfo.InvariantCulture, $"{alias}_v{timeProvider.GetUtcNow():yyyyMMddHHmmss}");

    /// <summary>The collection the alias points at, or null when there is no such alias.</summary>
    public async Task<string?> ResolveAliasAsync(string alias, CancellationToken cancellationToken = default)
    {
        var response = await calls.RunAsync("list aliases", (c, o) => c.Collections.ListAliasesAsync(new ListAliasesRequest(), o), cancellationToken).ConfigureAwait(false);
        return response.Aliases.FirstOrDefault(a => a.AliasName == alias)?.CollectionName;
    }

    public async Task<bool> ExistsAsync(string collection, CancellationToken cancellationToken = default)
    {
        var response = await calls.RunAsync(
            "collection exists", (c, o) => c.Collections.CollectionExistsAsync(new CollectionExistsRequest { CollectionName = collection }, o), cancellationToken).ConfigureAwait(false);
        return response.Result?.Exists == true;
    }

    /// <summary>Creates the collection (named dense vector, sparse BM25 vector with IDF) and its payload indexes.</summary>
    public async Task CreateAsync(string collection, string modelId, int dimensions, CancellationToken cancellationToken = default)
    {
        var create = QdrantRequests.CreateCollection(collection, modelId, dimensions, options);
        try
        {
            await calls.RunAsync("create collection", (c, o) => c.Collections.CreateAsync(create, o), cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.AlreadyExists or StatusCode.InvalidArgument)
        {
            // A retried create whose first attempt succeeded behind a deadline, or another process's create.
            if (!await ExistsAsync(collection, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }

        foreach (var index in QdrantRequests.PayloadIndexes(collection))
        {
            await calls.RunAsync("create payload index", (c, o) => c.Points.CreateFieldIndexAsync(index, o), cancellationToken).ConfigureAwait(false);
        }

        QdrantLog.CollectionCreated(logger, collection, modelId, dimensions);
    }

    /// <summary>
    /// The name the index for this model is addressed by, created on first use: the model's alias (pointing at a
    /// new physical collection when there was none), or a plain collection of that name made by hand. Refuses a
    /// collection whose dense vector has another size (built by another encoder).
    /// </summary>
    public async Task<string> EnsureServingAsync(string modelId, int dimensions, CancellationToken cancellationToken = default)
    {
        var alias = AliasFor(modelId);
        var target = await ResolveAliasAsync(alias, cancellationToken).ConfigureAwait(false);
        if (target is null && await ExistsAsync(alias, cancellationToken).ConfigureAwait(false))
        {
            target = alias;
        }

        if (target is null)
        {
            // Two processes starting at once may both get here; the later alias change wins and the other's
            // collection stays empty, because every read and write goes through the alias.
            target = NewCollectionName(alias);
            await CreateAsync(target, modelId, dimensions, cancellationToken).ConfigureAwait(false);
            await SwapAliasAsync(alias, target, cancellationToken).ConfigureAwait(false);
        }

        await EnsureDimensionsAsync(target, modelId, dimensions, cancellationToken).ConfigureAwait(false);
        return alias;
    }

    /// <summary>Points the alias at <paramref name="collection"/> atomically; returns the collection it pointed at before.</summary>
    public async Task<string?> SwapAliasAsync(string alias, string collection, CancellationToken cancellationToken = default)
    {
        var previous = await ResolveAliasAsync(alias, cancellationToken).ConfigureAwait(false);
        var change = QdrantRequests.SwapAlias(alias, collection, previous is not null);
        await calls.RunAsync("update aliases", (c, o) => c.Collections.UpdateAliasesAsync(change, o), cancellationToken).ConfigureAwait(false);
        QdrantLog.AliasSwapped(logger, alias, collection, previous);
        return previous;
    }

    public async Task DeleteAsync(string collection, CancellationToken cancellationToken = default)
    {
        await calls.RunAsync("delete collection", (c, o) => c.Collections.DeleteAsync(new DeleteCollection { CollectionName = collection }, o), cancellationToken).ConfigureAwait(false);
        QdrantLog.CollectionDeleted(logger, collection);
    }

    /// <summary>Points in the collection (or alias), optionally of one tenant only.</summary>
    public async Task<long> CountAsync(string collection, string? tenant = null, CancellationToken cancellationToken = default)
    {
        var request = QdrantRequests.Count(collection, tenant, null);
        var response = await calls.RunAsync("count", (c, o) => c.Points.CountAsync(request, o), cancellationToken).ConfigureAwait(false);
        return (long)(response.Result?.Count ?? 0);
    }

    /// <summary>An index over one named collection or alias; the reindex verb fills a new physical collection through it.</summary>
    public QdrantSearchIndex Open(string collection, string modelId, int dimensions) =>
        new(calls, collection, modelId, dimensions, options.UpsertBatchSize, logger, ensureReady: null);

    private async Task EnsureDimensionsAsync(string collection, string modelId, int dimensions, CancellationToken cancellationToken)
    {
        var info = await calls.RunAsync(
            "get collection", (c, o) => c.Collections.GetAsync(new GetCollectionInfoRequest { CollectionName = collection }, o), cancellationToken).ConfigureAwait(false);
        var vectors = info.Result?.Config?.Params?.VectorsConfig;
        if (vectors?.ParamsMap?.Map.TryGetValue(QdrantRequests.DenseVector, out var dense) != true || dense is null)
        {
            throw new InvalidOperationException(
                $"The Qdrant collection '{collection}' has no dense vector named '{QdrantRequests.DenseVector}'; it was not built by KnowledgeHub. Delete it or choose another KnowledgeHub:Index:Qdrant:CollectionPrefix.");
        }

        if (dense.Size != (ulong)dimensions)
        {
            throw new InvalidOperationException(
                $"The Qdrant collection '{collection}' holds {dense.Size}-dimensional vectors; the encoder {modelId} makes {dimensions}. Run the reindex verb or choose another KnowledgeHub:Index:Qdrant:CollectionPrefix.");
        }
    }
}
