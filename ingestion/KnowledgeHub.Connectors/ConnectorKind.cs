namespace KnowledgeHub.Connectors;

/// <summary>Where a connector's items live.</summary>
public enum ConnectorKind
{
    Folder,
    Web,
    Git,
}
