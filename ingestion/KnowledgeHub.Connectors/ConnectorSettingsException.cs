namespace KnowledgeHub.Connectors;

/// <summary>A connector's settings (or where they point) are refused; <see cref="Field"/> names the setting.</summary>
public sealed class ConnectorSettingsException : Exception
{
    public ConnectorSettingsException()
    {
        Field = string.Empty;
    }

    public ConnectorSettingsException(string message)
        : base(message)
    {
        Field = string.Empty;
    }

    public ConnectorSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    public ConnectorSettingsException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    public string Field { get; }
}
