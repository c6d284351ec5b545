using System.Security.Cryptography;
using System.Text;

namespace KnowledgeHub.Ingestion.Documents;

public static class DocumentIds
{
    /// <summary>
    /// Identical bytes uploaded to the same collection are the same document: the id derives from tenant,
    /// collection and content hash, so concurrent duplicate uploads collapse onto one row.
    /// </summary>
    public static string For(string tenant, string collection, string contentHash)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{collection}\n{contentHash}"));
        return "doc_" + Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }
}
