using KnowledgeHub.Retrieval;
using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Chunking;

internal enum PieceKind
{
    Sentence,
    Heading,
    Table,

    /// <summary>Part of a sentence or table row too long for one chunk.</summary>
    Fragment,
}

/// <summary>The smallest unit the chunker packs; chunks never split one.</summary>
/// <param name="SeparatorAfter">What stood between this piece and the next in the source: "", " " or "\n".</param>
/// <param name="Box">The box of the block it comes from, if the source has a page layout.</param>
internal readonly record struct ChunkPiece(string Text, string SeparatorAfter, PieceKind Kind, PageBox? Box);
