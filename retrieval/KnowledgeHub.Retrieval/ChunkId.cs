using System.Security.Cryptography;
using System.Text;

namespace KnowledgeHub.Retrieval;

/// <summary>Chunk ids derive from document, version and position so that re-running a job never duplicates.</summary>
public static class ChunkId
{
    public static string For(string documentId, int version, int ordinal) =>
        $"{documentId}:v{version}:{ordinal:D5}";

    /// <summary>A stable UUID for stores that need one (Qdrant point ids).</summary>
    public static Guid ToUuid(string chunkId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(chunkId));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5-style marker
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
