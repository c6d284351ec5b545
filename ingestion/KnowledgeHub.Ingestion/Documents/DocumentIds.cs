using System.Security.Cryptography;
using System.Text;

namespace KnowledgeHub.Ingestion.Documents;

public static class DocumentIds
{
    /// <summary>
    /// A document is identified by its key within a collection: the caller's external id, or else the file name.
    /// Uploading under the same key again makes a new version of the same document; concurrent first uploads of
    /// one key collapse onto one row because the id is computed, not allocated.
    /// </summary>
    public static string For(string tenant, string collection, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{collection}\n{key}"));
        return "doc_" + Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }
}
