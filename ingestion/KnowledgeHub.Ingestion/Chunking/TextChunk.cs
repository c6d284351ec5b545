using KnowledgeHub.Retrieval;
using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Chunking;

/// <summary>A token-bounded piece of a document, ready to embed.</summary>
/// <param name="Box">
/// The union of the boxes of the blocks it holds text from (a block cut into several chunks gives each of them its
/// whole box); null when the source has no page layout. A chunk never spans pages, so the box is on <see cref="Page"/>.
/// </param>
public sealed record TextChunk(int Ordinal, string Text, int? Page, string? HeadingPath, int TokenCount, PageBox? Box = null);
