namespace KnowledgeHub.Web.Apis;

internal static partial class ChunksLog
{
    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "Planted-instruction flag of chunk {ChunkId} (tenant {Tenant}) cleared by key {ClearedBy}")]
    public static partial void SuspiciousCleared(ILogger logger, string chunkId, string tenant, string clearedBy);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Information,
        Message = "Chunk {ChunkId} (tenant {Tenant}) edited by key {EditedBy}: text corrected {TextCorrected}, excluded {Excluded}")]
    public static partial void ChunkCorrected(ILogger logger, string chunkId, string tenant, string editedBy, bool textCorrected, bool excluded);
}
