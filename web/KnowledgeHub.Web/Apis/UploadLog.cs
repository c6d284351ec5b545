namespace KnowledgeHub.Web.Apis;

/// <summary>Uploads as they are answered. File names arrive escaped (<see cref="LogText"/>): they are the uploader's text.</summary>
internal static partial class UploadLog
{
    [LoggerMessage(EventId = 6401, Level = LogLevel.Information, Message = "Upload {FileName} stored as document {DocumentId} version {Version} in collection {Collection} (named {StoredName}, duplicate: {Duplicate})")]
    public static partial void Accepted(ILogger logger, string fileName, string documentId, int version, string collection, string storedName, bool duplicate);

    [LoggerMessage(EventId = 6402, Level = LogLevel.Information, Message = "Upload {FileName} refused with {Status}: {Title}")]
    public static partial void Refused(ILogger logger, string fileName, int status, string title);

    [LoggerMessage(EventId = 6403, Level = LogLevel.Error, Message = "Upload {FileName} refused with 507: the disk is full")]
    public static partial void DiskFull(ILogger logger, Exception exception, string fileName);

    [LoggerMessage(EventId = 6404, Level = LogLevel.Information, Message = "Access groups of document {DocumentId} set ({GroupCount} groups) by key {ChangedBy}")]
    public static partial void AccessGroupsChanged(ILogger logger, string documentId, int groupCount, string changedBy);
}
