using KnowledgeHub.Retrieval;
namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>A table found on a PDF page.</summary>
/// <param name="Text">In <see cref="TableText"/>'s format: one line per row, the header row first.</param>
/// <param name="Rows">The words of each row, top to bottom; every word here belongs to the table and to no other block.</param>
internal sealed record PdfTable(string Text, PageBox Box, IReadOnlyList<IReadOnlyList<PdfWord>> Rows);
