namespace KnowledgeHub.Connectors;

/// <summary>A crawl tried to reach an address the SSRF guard refuses (loopback, private, link-local, metadata...).</summary>
public sealed class SsrfRefusedException : Exception
{
    public SsrfRefusedException()
    {
    }

    public SsrfRefusedException(string message)
        : base(message)
    {
    }

    public SsrfRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
