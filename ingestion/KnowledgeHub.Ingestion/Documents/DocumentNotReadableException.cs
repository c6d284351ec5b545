namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// An upload would become a version (or a duplicate) of a document the uploading key may not read. Refused without
/// naming the document, so the key learns no more than that the name or bytes are taken in the collection.
/// </summary>
public sealed class DocumentNotReadableException : Exception
{
    public DocumentNotReadableException()
        : base("A document this key may not read already has this name (or these bytes) in the collection; upload it under another name or ask an admin.")
    {
    }

    public DocumentNotReadableException(string message)
        : base(message)
    {
    }

    public DocumentNotReadableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
