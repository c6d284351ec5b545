namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// The document can never be ingested as it is. <see cref="Exception.Message"/> is written for the person who
/// uploaded it (e.g. "The PDF is password-protected.") and is shown as the document's failure reason.
/// </summary>
public sealed class DocumentRejectedException : Exception
{
    public DocumentRejectedException()
    {
    }

    public DocumentRejectedException(string message)
        : base(message)
    {
    }

    public DocumentRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
