using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>A processing document: its step, how long it has been in it, since its last progress, its attempt.</summary>
public sealed record IngestionEntry(DocumentRecord Document, string Step, TimeSpan InStep, TimeSpan SinceProgress, int Attempt, bool Stalled);
