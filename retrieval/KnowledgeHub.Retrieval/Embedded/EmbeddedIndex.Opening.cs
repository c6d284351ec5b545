using System.Globalization;
using KnowledgeHub.Retrieval.Analysis;
using KnowledgeHub.Retrieval.Fusion;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>Opening an index: folder lock, encoder check, Lucene writer, vectors loaded into memory.</summary>
public sealed partial class EmbeddedIndex
{
    /// <summary>
    /// Opens (or creates) the index in <paramref name="folder"/>, or an in-memory one when it is null.
    /// Throws <see cref="InvalidOperationException"/> when the folder was built by another encoder or
    /// another process holds it.
    /// </summary>
    /// <param name="fusion">How hybrid search merges its lists; <see cref="DefaultFusion"/> when null.</param>
    /// <param name="bm25">BM25 parameters for searching; <see cref="Bm25Parameters.Default"/> when null.</param>
    /// <param name="feedback">Dense-side feedback in hybrid search; <see cref="DenseFeedback.Default"/> when null.</param>
    public static EmbeddedIndex Open(
        string? folder,
        string modelId,
        int dimensions,
        ILogger<EmbeddedIndex>? logger = null,
        RankFusion? fusion = null,
        Bm25Parameters? bm25 = null,
        DenseFeedback? feedback = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ILogger log = logger ?? NullLogger<EmbeddedIndex>.Instance;

        if (folder is null)
        {
            return Create(null, modelId, dimensions, new RAMDirectory(), null, new SearchSettings(fusion, bm25, feedback), log);
        }

        folder = Path.GetFullPath(folder);
        System.IO.Directory.CreateDirectory(folder);
        FolderLock folderLock;
        try
        {
            folderLock = FolderLock.Acquire(folder);
        }
        catch (InvalidOperationException ex)
        {
            EmbeddedIndexLog.Locked(log, folder, ex);
            throw;
        }

        try
        {
            var metadata = IndexMetadata.ReadOrNull(folder);
            metadata?.EnsureCompatible(folder, modelId, dimensions);
            var directory = FSDirectory.Open(folder);
            if (metadata is null && DirectoryReader.IndexExists(directory))
            {
                directory.Dispose();
                throw new InvalidOperationException(
                    $"The folder '{folder}' holds an index without its {IndexMetadata.FileName}, so its encoder is unknown. Rebuild the index into an empty folder.");
            }

            if (metadata is null)
            {
                new IndexMetadata(modelId, dimensions).Write(folder);
            }

            return Create(folder, modelId, dimensions, directory, folderLock, new SearchSettings(fusion, bm25, feedback), log);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>Opens the writer and loads the vectors; on failure disposes what it was given, except the folder lock.</summary>
    private static EmbeddedIndex Create(string? folder, string modelId, int dimensions, LuceneDirectory directory, FolderLock? folderLock, SearchSettings settings, ILogger log)
    {
        IndexWriter writer;
        try
        {
            writer = new IndexWriter(directory, NewWriterConfig());
        }
        catch (LockObtainFailedException ex)
        {
            // Lucene's in-process lock: another index object in this process holds the folder.
            directory.Dispose();
            EmbeddedIndexLog.Locked(log, folder ?? "(memory)", ex);
            throw FolderLock.InUse(folder, ex);
        }
        catch
        {
            directory.Dispose();
            throw;
        }

        EmbeddedIndex? index = null;
        try
        {
            // A fresh folder gets a valid empty commit, so it reopens even if nothing is ever added.
            writer.Commit();
            index = new EmbeddedIndex(folder, modelId, dimensions, directory, writer, folderLock, settings, log);
            index.LoadVectors();
            EmbeddedIndexLog.Opened(log, folder ?? "(memory)", modelId, dimensions, index.dense.Count);
            return index;
        }
        catch
        {
            if (index is not null)
            {
                index.DisposeLucene();
            }
            else
            {
                writer.Dispose();
                directory.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Segments below this size count as this size when merges are chosen. Lucene's 2 MB makes an index under 20 MB
    /// (10 segments of the floor) allow only a few segments, and it merges all of them as soon as ten exist: with a
    /// commit per group of ingested documents (tens of kilobytes each), the whole index was rewritten every ten
    /// commits, which cost more CPU than indexing itself (docs/benchmarks.md, "Index merges"). At 0.1 MB small segments
    /// merge with their peers, ten at a time, and every level keeps up to ten segments.
    /// </summary>
    internal const double MergeFloorMB = 0.1;

    /// <summary>
    /// Z-score fusion of the two lists with equal weights: on SciFact and Cranfield it beat reciprocal rank fusion
    /// (docs/benchmarks.md, "Retrieval tuning"), because it keeps how far ahead of the rest a top candidate is.
    /// </summary>
    public static RankFusion DefaultFusion() => new ZScoreFusion(1, 1);

    internal static IndexWriterConfig NewWriterConfig() => new(TextAnalyzers.Version, TextAnalyzers.English)
    {
        OpenMode = OpenMode.CREATE_OR_APPEND,
        Similarity = Bm25SearcherFactory.Similarity,
        RAMBufferSizeMB = 64,
        MergePolicy = new TieredMergePolicy { FloorSegmentMB = MergeFloorMB },
    };

    // The chunks of one document carry the same metadata JSON: parsed once and shared while the index opens.
    private static IReadOnlyDictionary<string, Metadata.MetadataValue>? MetadataOf(
        Lucene.Net.Documents.Document stored, Dictionary<string, IReadOnlyDictionary<string, Metadata.MetadataValue>> byJson)
    {
        if (stored.Get(ChunkFields.Metadata, CultureInfo.InvariantCulture) is not { } json)
        {
            return null;
        }

        if (!byJson.TryGetValue(json, out var parsed))
        {
            parsed = Metadata.DocumentMetadata.Parse(json);
            byJson[json] = parsed;
        }

        return parsed;
    }

    private void LoadVectors()
    {
        var metadataByJson = new Dictionary<string, IReadOnlyDictionary<string, Metadata.MetadataValue>>(StringComparer.Ordinal);
        var searcher = searchers.Acquire();
        try
        {
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var reader = leaf.AtomicReader;
                var live = reader.LiveDocs;
                for (var doc = 0; doc < reader.MaxDoc; doc++)
                {
                    if (live is not null && !live.Get(doc))
                    {
                        continue;
                    }

                    var stored = reader.Document(doc, ChunkFields.DenseFields);
                    var vector = ChunkFields.ReadVector(stored);
                    if (vector.Length != Dimensions)
                    {
                        throw new InvalidOperationException(
                            $"The index holds a vector of {vector.Length} dimensions where {Dimensions} were expected; rebuild the index.");
                    }

                    dense.Upsert(
                        stored.Get(ChunkFields.Id, CultureInfo.InvariantCulture),
                        stored.Get(ChunkFields.Tenant, CultureInfo.InvariantCulture),
                        stored.Get(ChunkFields.Collection, CultureInfo.InvariantCulture),
                        stored.Get(ChunkFields.DocumentId, CultureInfo.InvariantCulture),
                        stored.GetField(ChunkFields.Version).GetInt32Value() ?? 0,
                        vector,
                        ChunkFields.TagsOf(stored),
                        ChunkFields.CreatedOf(stored),
                        ChunkFields.AccessGroupsOf(stored),
                        MetadataOf(stored, metadataByJson));
                }
            }
        }
        finally
        {
            searchers.Release(searcher);
        }
    }
}
