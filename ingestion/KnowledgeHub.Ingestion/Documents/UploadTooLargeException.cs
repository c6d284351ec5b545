namespace KnowledgeHub.Ingestion.Documents;

public sealed class UploadTooLargeException : Exception
{
    public UploadTooLargeException()
    {
    }

    public UploadTooLargeException(long maxBytes)
        : base($"The upload is larger than the limit of {maxBytes / (1024 * 1024)} MiB ({maxBytes} bytes).")
    {
        MaxBytes = maxBytes;
    }

    public UploadTooLargeException(string message)
        : base(message)
    {
    }

    public UploadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public long MaxBytes { get; }
}
