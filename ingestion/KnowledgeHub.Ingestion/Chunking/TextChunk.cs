namespace KnowledgeHub.Ingestion.Chunking;

/// <summary>A token-bounded piece of a document, ready to embed.</summary>
public sealed record TextChunk(int Ordinal, string Text, int? Page, string? HeadingPath, int TokenCount);
