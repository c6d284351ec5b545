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

    private readonly LuceneDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly DenseStore _dense;

    // Readers see Lucene and the vector store at the same point: writers change both under the write lock.
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    // One writer at a time; it prepares and commits Lucene changes before taking the write lock.
    private readonly System.Threading.Lock _writeGate = new();
    private readonly FolderLock? _folderLock;
    private readonly ILogger _logger;
    private int _disposed;

    private EmbeddedIndex(string? folder, string modelId, int dimensions, LuceneDirectory directory, IndexWriter writer, FolderLock? folderLock, SearchSettings settings, ILogger logger)
    {
        _folderLock = folderLock;
        Folder = folder;
        ModelId = modelId;
        Dimensions = dimensions;
        Fusion = settings.Fusion ?? DefaultFusion();
        Feedback = settings.Feedback ?? DenseFeedback.Default;
        _directory = directory;
        _writer = writer;
        _logger = logger;
        _dense = new DenseStore(dimensions);
        _searchers = new SearcherManager(writer, true, new Bm25SearcherFactory(settings.Bm25 ?? Bm25Parameters.Default));
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
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
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
        lock (_writeGate)
        {
            foreach (var (chunk, document) in documents)
            {
                _writer.UpdateDocument(new Term(ChunkFields.Id, chunk.Id), document, AnalyzerFor(chunk));
            }

            _writer.Commit();
            _lock.EnterWriteLock();
            try
            {
                foreach (var (chunk, _) in documents)
                {
                    _dense.Upsert(chunk.Id, chunk.Tenant, chunk.Collection, chunk.DocumentId, chunk.Version, chunk.Vector, chunk.Tags, chunk.Created);
                }

                _searchers.MaybeRefreshBlocking();
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }

        EmbeddedIndexLog.Upserted(_logger, documents.Count, _dense.Count);
        return Task.CompletedTask;
    }

    public Task DeleteDocumentAsync(string tenant, string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        cancellationToken.ThrowIfCancellationRequested();
        var removed = Delete(KeywordQuery.Document(tenant, documentId), tenant, documentId, belowVersion: null);
        EmbeddedIndexLog.DocumentDeleted(_logger, tenant, documentId, removed);
        return Task.CompletedTask;
    }

    public Task DeleteOlderVersionsAsync(string tenant, string documentId, int keepVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        cancellationToken.ThrowIfCancellationRequested();
        var removed = Delete(KeywordQuery.OlderVersions(tenant, documentId, keepVersion), tenant, documentId, keepVersion);
        EmbeddedIndexLog.OlderVersionsDeleted(_logger, tenant, documentId, keepVersion, removed);
        return Task.CompletedTask;
    }

    public Task<int> CountAsync(string tenant, string? documentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _lock.EnterReadLock();
        try
        {
            return Task.FromResult(_dense.CountOf(tenant, documentId));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_writeGate)
        {
            DisposeLucene();
        }

        _folderLock?.Dispose();
        _lock.Dispose();
    }

    private void DisposeLucene()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
    }

    private static Lucene.Net.Analysis.Analyzer AnalyzerFor(IndexedChunk chunk) =>
        CjkText.ContainsIdeographs(chunk.Text) || CjkText.ContainsIdeographs(chunk.HeadingPath)
            ? TextAnalyzers.Chinese
            : TextAnalyzers.English;

    private void Validate(IndexedChunk chunk) => IndexedChunk.EnsureValid(chunk, Dimensions, ModelId);

    private int Delete(Query query, string tenant, string documentId, int? belowVersion)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        lock (_writeGate)
        {
            _writer.DeleteDocuments(query);
            _writer.Commit();
            _lock.EnterWriteLock();
            try
            {
                var ids = _dense.ChunksOf(tenant, documentId, belowVersion);
                foreach (var id in ids)
                {
                    _dense.Remove(id);
                }

                if (_dense.CompactIfWorthwhile())
                {
                    EmbeddedIndexLog.Compacted(_logger, _dense.Count);
                }

                _searchers.MaybeRefreshBlocking();
                return ids.Count;
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
    }
}
