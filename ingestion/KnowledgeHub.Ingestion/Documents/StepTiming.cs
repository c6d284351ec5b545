namespace KnowledgeHub.Ingestion.Documents;

/// <summary>How long one ingestion step took in the document's last attempt.</summary>
public sealed record StepTiming(string Step, double Milliseconds);
