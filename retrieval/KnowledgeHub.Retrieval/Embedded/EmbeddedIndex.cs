using KnowledgeHub.Retrieval.Analysis;
using KnowledgeHub.Retrieval.Fusion;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>
/// The in-process index: BM25 over a Lucene index (one document per chunk) and exact dense search over
/// the chunk vectors held in memory, loaded from the Lucene stored fields at open. Persistent in a folder,
/// or in memory when no folder is given (evaluation). Every write commits before it returns and is
/// visible to the next search; searches run concurrently with each other and wait only while a write
/// swaps in its results.
/// </summary>
public sealed partial class EmbeddedIndex : ISearchIndex, IDisposable
{
    private static readonly IReadOnlyList<SearchHit> NoHits = [];

    private readonly LuceneDirectory directory;
    private readonly IndexWriter writer;
    private readonly SearcherManager searchers;
    private readonly DenseStore dense;

    // Readers see Lucene and the vector store at the same point: writers change both under the write lock.
    private readonly ReaderWriterLockSlim readWriteLock = new(LockRecursionPolicy.NoRecursion);

    // One writer at a time; it prepares and commits Lucene changes before taking the write lock.
    private readonly System.Threading.Lock writeGate = new();
    private readonly FolderLock? folderLock;
    private readonly ILogger logger;
    private int disposed;

    private EmbeddedIndex(string? folder, string modelId, int dimensions, LuceneDirectory directory, IndexWriter writer, FolderLock? folderLock, SearchSettings settings, ILogger logger)
    {
        this.folderLock = folderLock;
        Folder = folder;
        ModelId = modelId;
        Dimensions = dimensions;
        Fusion = settings.Fusion ?? DefaultFusion();
        Feedback = settings.Feedback ?? DenseFeedback.Default;
        this.directory = directory;
        this.writer = writer;
        this.logger = logger;
        dense = new DenseStore(dimensions);
        searchers = new SearcherManager(writer, true, new Bm25SearcherFactory(settings.Bm25 ?? Bm25Parameters.Default));
    }

    public string ModelId { get; }

    public int Dimensions { get; }

    /// <summary>The index folder, or null for an in-memory index.</summary>
    public string? Folder { get; }

    /// <summary>How hybrid search merges the keyword and dense lists (<see cref="DefaultFusion"/> unless given).</summary>
    public RankFusion Fusion { get; }

    /// <summary>Pseudo-relevance feedback on the dense side of hybrid search.</summary>
    public DenseFeedback Feedback { get; }

    /// <summary>The CPU kernel of the 8-bit first pass large stores take ("avx-vnni", "avx2", or "none": exact scans only).</summary>
    public static string FirstPassKernel => Int8Vectors.Kernel;

    /// <summary>Adds or replaces the chunks by id and commits once for the whole batch: pass big batches for bulk loads.</summary>
    public Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();

        // The last chunk with an id wins, as if the batch were upserted one chunk at a time.
        var latest = new Dictionary<string, IndexedChunk>(StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            Validate(chunk);
            latest[chunk.Id] = chunk;
        }

        if (latest.Count == 0)
        {
            return Task.CompletedTask;
        }

        var documents = latest.Values.Select(c => (Chunk: c, Document: ChunkFields.ToDocument(c))).ToList();
        lock (writeGate)
        {
            foreach (var (chunk, document) in documents)
            {
                writer.UpdateDocument(new Term(ChunkFields.Id, chunk.Id), document, AnalyzerFor(chunk));
            }

            writer.Commit();
            readWriteLock.EnterWriteLock();
            try
            {
                foreach (var (chunk, _) in documents)
                {
                    dense.Upsert(chunk.Id, chunk.Tenant, chunk.Collection, chunk.DocumentId, chunk.Version, chunk.Vector, chunk.Tags, chunk.Created, chunk.AccessGroups, chunk.Metadata);
                }

                searchers.MaybeRefreshBlocking();
            }
            finally
            {
                readWriteLock.ExitWriteLock();
            }
        }

        EmbeddedIndexLog.Upserted(logger, documents.Count, dense.Count);
        return Task.CompletedTask;
    }

    public Task DeleteDocumentAsync(string tenant, string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        cancellationToken.ThrowIfCancellationRequested();
        var removed = Delete(KeywordQuery.Document(tenant, documentId), tenant, documentId, belowVersion: null);
        EmbeddedIndexLog.DocumentDeleted(logger, tenant, documentId, removed);
        return Task.CompletedTask;
    }

    public Task DeleteOlderVersionsAsync(string tenant, string documentId, int keepVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        cancellationToken.ThrowIfCancellationRequested();
        var removed = Delete(KeywordQuery.OlderVersions(tenant, documentId, keepVersion), tenant, documentId, keepVersion);
        EmbeddedIndexLog.OlderVersionsDeleted(logger, tenant, documentId, keepVersion, removed);
        return Task.CompletedTask;
    }

    public Task<int> CountAsync(string tenant, string? documentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        readWriteLock.EnterReadLock();
        try
        {
            return Task.FromResult(dense.CountOf(tenant, documentId));
        }
        finally
        {
            readWriteLock.ExitReadLock();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        lock (writeGate)
        {
            DisposeLucene();
        }

        folderLock?.Dispose();
        readWriteLock.Dispose();
    }

    private void DisposeLucene()
    {
        searchers.Dispose();
        writer.Dispose();
        directory.Dispose();
    }

    private static Lucene.Net.Analysis.Analyzer AnalyzerFor(IndexedChunk chunk) =>
        CjkText.ContainsIdeographs(chunk.Text) || CjkText.ContainsIdeographs(chunk.HeadingPath)
            ? TextAnalyzers.Chinese
            : TextAnalyzers.English;

    private void Validate(IndexedChunk chunk) => IndexedChunk.EnsureValid(chunk, Dimensions, ModelId);

    private int Delete(Query query, string tenant, string documentId, int? belowVersion)
    {
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        lock (writeGate)
        {
            // Lucene and the vector store hold the same chunks, and only this gate changes them: nothing to remove here
            // means nothing in Lucene either, so the commit (an fsync) is skipped. Every new document's first version
            // takes this path after its upsert.
            var ids = dense.ChunksOf(tenant, documentId, belowVersion);
            if (ids.Count == 0)
            {
                return 0;
            }

            writer.DeleteDocuments(query);
            writer.Commit();
            readWriteLock.EnterWriteLock();
            try
            {
                foreach (var id in ids)
                {
                    dense.Remove(id);
                }

                if (dense.CompactIfWorthwhile())
                {
                    EmbeddedIndexLog.Compacted(logger, dense.Count);
                }

                searchers.MaybeRefreshBlocking();
                return ids.Count;
            }
            finally
            {
                readWriteLock.ExitWriteLock();
            }
        }
    }
}
