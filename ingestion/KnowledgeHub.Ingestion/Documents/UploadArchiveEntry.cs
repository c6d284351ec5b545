using System.IO.Compression;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>One file of an <see cref="UploadArchive"/>: its path (the document's external id) and name, or why it is refused.</summary>
public sealed record UploadArchiveEntry(string Path, string FileName, string? Refusal, ZipArchiveEntry? Entry)
{
    /// <summary>The entry's bytes, inflated as they are read; only for an entry that is not refused.</summary>
    public Stream Open() => (Entry ?? throw new InvalidOperationException("A refused entry cannot be opened.")).Open();

    public long Length => Entry?.Length ?? 0;
}
