using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

public sealed class VersionIndexerTests
{
    [Fact]
    public void A_stored_chunk_enters_the_index_with_its_planted_instruction_flag()
    {
        var document = new DocumentRecord
        {
            Id = "doc_a",
            Tenant = "acme",
            Collection = "default",
            FileName = "a.txt",
            ContentHash = "h",
            SizeBytes = 4,
            CreatedAt = DateTimeOffset.UnixEpoch,
            UpdatedAt = DateTimeOffset.UnixEpoch,
        };
        var flagged = new StoredChunk("doc_a:1:0", "doc_a", 1, 0, null, null, "text", 1, Suspicious: "asks to ignore previous instructions");
        var clean = flagged with { Id = "doc_a:1:1", Ordinal = 1, Suspicious = null };

        Assert.Equal("asks to ignore previous instructions", VersionIndexer.ToIndexed(document, flagged, [1f]).Suspicious);
        Assert.Null(VersionIndexer.ToIndexed(document, clean, [1f]).Suspicious);
    }
}
