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
        Terms = new QdrantTermDictionary(calls, options);
    }

    /// <summary>The sparse vectors' term ids, shared by every model's collection.</summary>
    internal QdrantTermDictionary Terms { get; }

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

    /// <summary>The physical collection a first use creates: one fixed name, so processes starting together create the same one.</summary>
    public static string FirstCollectionName(string alias) => alias + "_v0";

    /// <summary>
    /// The name the index for this model is addressed by, created on first use: the model's alias (pointing at a
    /// new physical collection when there was none), or a plain collection of that name made by hand. Refuses a
    /// collection that lacks anything the adapter needs (another vector size, a missing sparse vector, modifier or
    /// payload index), naming each.
    /// </summary>
    public async Task<string> EnsureServingAsync(string modelId, int dimensions, CancellationToken cancellationToken = default)
    {
        var alias = AliasFor(modelId);
        var target = await ResolveAliasAsync(alias, cancellationToken).ConfigureAwait(false);
        if (target is null && await ExistsAsync(alias, cancellationToken).ConfigureAwait(false))
        {
            target = alias;
        }

        target ??= await CreateFirstAsync(alias, modelId, dimensions, cancellationToken).ConfigureAwait(false);
        await EnsureLayoutAsync(target, modelId, dimensions, cancellationToken).ConfigureAwait(false);
        return alias;
    }

    /// <summary>
    /// First use. Processes that get here together all create the same collection (a fixed name, creation tolerates
    /// "exists") and add the alias only while there is none (an alias change that only creates, never deletes), so
    /// they converge on one collection and no process's upserts land in an orphan; whichever target the alias has
    /// afterwards is used.
    /// </summary>
    private async Task<string> CreateFirstAsync(string alias, string modelId, int dimensions, CancellationToken cancellationToken)
    {
        var first = FirstCollectionName(alias);
        await CreateAsync(first, modelId, dimensions, cancellationToken).ConfigureAwait(false);
        var target = await ResolveAliasAsync(alias, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            try
            {
                await calls.RunAsync("create alias", (c, o) => c.Collections.UpdateAliasesAsync(QdrantRequests.CreateAlias(alias, first), o), cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.AlreadyExists or StatusCode.InvalidArgument)
            {
                // Another process made the alias between our look and our change: its target is read below.
            }

            target = await ResolveAliasAsync(alias, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The Qdrant alias '{alias}' could not be created.");
            QdrantLog.AliasSwapped(logger, alias, target, null);
        }

        return target;
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
        var request = QdrantRequests.Count(collection, tenant, null, options);
        var response = await calls.RunAsync("count", (c, o) => c.Points.CountAsync(request, o), cancellationToken).ConfigureAwait(false);
        return (long)(response.Result?.Count ?? 0);
    }

    /// <summary>
    /// Copies a document's points as they are from one collection to another: the reindex carries over documents
    /// still being ingested, so the new collection serves their live version, as the old one does, until their job
    /// puts the new version in. Returns the points copied.
    /// </summary>
    public async Task<int> CopyDocumentAsync(string from, string to, string tenant, string documentId, CancellationToken cancellationToken = default)
    {
        var copied = 0;
        PointId? offset = null;
        do
        {
            var page = QdrantRequests.DocumentPoints(from, tenant, documentId, offset, options);
            var response = await calls.RunAsync("scroll document", (c, o) => c.Points.ScrollAsync(page, o), cancellationToken).ConfigureAwait(false);
            if (response.Result.Count > 0)
            {
                var copy = QdrantRequests.Copy(to, response.Result);
                await calls.RunAsync("copy points", (c, o) => c.Points.UpsertAsync(copy, o), cancellationToken).ConfigureAwait(false);
                copied += response.Result.Count;
            }

            offset = response.NextPageOffset;
        }
        while (offset is not null);

        return copied;
    }

    /// <summary>An index over one named collection or alias; the reindex verb fills a new physical collection through it.</summary>
    public QdrantSearchIndex Open(string collection, string modelId, int dimensions) =>
        new(calls, this, collection, modelId, dimensions, options, logger, ensureReady: null);

    /// <summary>Refuses a collection that lacks what searches and writes need, naming everything missing.</summary>
    public async Task EnsureLayoutAsync(string collection, string modelId, int dimensions, CancellationToken cancellationToken = default)
    {
        var info = await calls.RunAsync(
            "get collection", (c, o) => c.Collections.GetAsync(new GetCollectionInfoRequest { CollectionName = collection }, o), cancellationToken).ConfigureAwait(false);
        var problems = QdrantLayout.Problems(info.Result, dimensions);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The Qdrant collection '{collection}' cannot serve the encoder {modelId} ({dimensions} dimensions): {string.Join("; ", problems)}. ") +
                "Run the reindex verb (it builds a complete collection and moves the alias), add what is missing by hand, or choose another KnowledgeHub:Index:Qdrant:CollectionPrefix.");
        }
    }
}
