namespace KnowledgeHub.Web.Access;

internal static partial class AccessLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "API key rejected (key id {KeyId})")]
    public static partial void KeyRejected(ILogger logger, string keyId);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "API key {KeyId} ({Role}) created for tenant {Tenant} by {CreatedBy}")]
    public static partial void KeyCreated(ILogger logger, string keyId, string role, string tenant, string createdBy);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "API key {KeyId} revoked by {RevokedBy}")]
    public static partial void KeyRevoked(ILogger logger, string keyId, string revokedBy);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "No admin key existed for tenant {Tenant}: generated admin key {KeyId} and printed it to the console once")]
    public static partial void BootstrapKeyGenerated(ILogger logger, string tenant, string keyId);
}
