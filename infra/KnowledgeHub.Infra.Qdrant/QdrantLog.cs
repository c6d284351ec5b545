using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Infra.Qdrant;

internal static partial class QdrantLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Warning, Message = "Qdrant {Operation} failed with {Status} (attempt {Attempt} of {MaxAttempts}); retrying in {DelayMs} ms")]
    public static partial void RetryingTransientError(ILogger logger, Exception exception, string operation, StatusCode status, int attempt, int maxAttempts, double delayMs);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Qdrant {Operation} failed with {Status} after {Attempts} attempt(s)")]
    public static partial void CallFailed(ILogger logger, Exception exception, string operation, StatusCode status, int attempts);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Qdrant collection {Collection} created for {ModelId} ({Dimensions} dimensions)")]
    public static partial void CollectionCreated(ILogger logger, string collection, string modelId, int dimensions);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "Qdrant alias {Alias} now points at {Collection} (was {Previous})")]
    public static partial void AliasSwapped(ILogger logger, string alias, string collection, string? previous);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information, Message = "Qdrant collection {Collection} deleted")]
    public static partial void CollectionDeleted(ILogger logger, string collection);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Debug, Message = "Qdrant upserted {Count} points into {Collection}")]
    public static partial void Upserted(ILogger logger, int count, string collection);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Debug, Message = "Qdrant {Mode} search in {Collection}: {Hits} hits")]
    public static partial void Searched(ILogger logger, KnowledgeHub.Retrieval.SearchMode mode, string collection, int hits);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Trace, Message = "Qdrant query text: {Text}")]
    public static partial void QueryText(ILogger logger, string text);

    [LoggerMessage(EventId = 7108, Level = LogLevel.Warning, Message = "Qdrant version {Version} of {Tenant}/{DocumentId} was written to {WrittenTo} but the index now points at {Target}; older versions kept, the index step must run again")]
    public static partial void IndexMoved(ILogger logger, string tenant, string documentId, int version, string writtenTo, string target);
}
