using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// Idempotency keys on upload: a client that repeats an upload (a timeout, a retry loop) within <see cref="Window"/>
/// gets the first answer again instead of a second upload; the same key on a different request is a client error.
/// </summary>
public static class UploadKeys
{
    public const int MaxLength = 255;

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>Printable ASCII without spaces at the ends, as the IETF idempotency-key draft expects.</summary>
    public static bool IsValid(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length is > 0 and <= MaxLength && key.All(c => c is >= ' ' and <= '~') && key.Trim().Length == key.Length;
    }

    /// <summary>What the request asks for: the bytes and every form field that changes the outcome.</summary>
    /// <param name="tags">The tags as sent, before normalising, so that a different spelling is a different request.</param>
    public static async Task<string> FingerprintAsync(
        Stream content, string fileName, string collection, string externalId, IReadOnlyList<string> tags, string? attributes = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var bytes = await SHA256.HashDataAsync(content, cancellationToken);

        // Access groups and metadata join the fingerprint only when sent, so receipts kept before they existed still match.
        var extra = string.IsNullOrEmpty(attributes) ? string.Empty : "\n" + attributes;
        var fields = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"\n{fileName}\n{collection}\n{externalId}\n{string.Join(',', tags)}{extra}"));
        return Convert.ToHexStringLower(SHA256.HashData([.. bytes, .. fields]));
    }
}
