using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>Log events of the embedded index (event ids 2100-2149). Never logs chunk or query text.</summary>
internal static partial class EmbeddedIndexLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Embedded index opened at {Location} for encoder {ModelId} ({Dimensions} dimensions) with {ChunkCount} chunks")]
    public static partial void Opened(ILogger logger, string location, string modelId, int dimensions, int chunkCount);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "Upserted {Count} chunks; the index holds {Total}")]
    public static partial void Upserted(ILogger logger, int count, int total);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug,
        Message = "Deleted {Removed} chunks of document {DocumentId} (tenant {Tenant})")]
    public static partial void DocumentDeleted(ILogger logger, string tenant, string documentId, int removed);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Debug,
        Message = "Deleted {Removed} chunks of document {DocumentId} (tenant {Tenant}) older than version {KeepVersion}")]
    public static partial void OlderVersionsDeleted(ILogger logger, string tenant, string documentId, int keepVersion, int removed);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Debug, Message = "Compacted the vector store to {Count} chunks")]
    public static partial void Compacted(ILogger logger, int count);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Debug,
        Message = "{Mode} search: {KeywordCandidates} keyword and {DenseCandidates} dense candidates, {Returned} returned")]
    public static partial void Searched(ILogger logger, SearchMode mode, int keywordCandidates, int denseCandidates, int returned);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Error, Message = "The index folder {Folder} is locked by another process")]
    public static partial void Locked(ILogger logger, string folder, Exception exception);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Trace, Message = "Keyword query text: {Text}")]
    public static partial void QueryText(ILogger logger, string text);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Debug, Message = "Deleted chunk {ChunkId} (tenant {Tenant})")]
    public static partial void ChunkDeleted(ILogger logger, string tenant, string chunkId);
}
