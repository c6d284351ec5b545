using System.Security.Cryptography;
using System.Text;

namespace KnowledgeHub.Web.Access;

/// <summary>The text form of a key, `kh_&lt;id&gt;_&lt;secret&gt;`: a public id to find the row, and 256 random bits that only the holder knows.</summary>
public static class ApiKeyTokens
{
    public const string Prefix = "kh_";

    private const int IdBytes = 8;

    private const int SecretBytes = 32;

    /// <summary>A new key: its id, the whole token to show once, and the hash to store.</summary>
    public static (string Id, string Token, byte[] SecretHash) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes));
        return (id, $"{Prefix}{id}_{secret}", Hash(secret));
    }

    /// <summary>Splits a token of the `kh_&lt;id&gt;_&lt;secret&gt;` form; false for anything else.</summary>
    public static bool TryParse(string token, out string id, out string secret)
    {
        id = secret = string.Empty;
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = token.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator != IdBytes * 2 || rest.Length - separator - 1 != SecretBytes * 2)
        {
            return false;
        }

        id = rest[..separator].ToString();
        secret = rest[(separator + 1)..].ToString();
        return true;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Compares hashes in time independent of where they differ, so response times leak nothing about a stored hash.</summary>
    public static bool Matches(byte[] storedHash, string secret) => CryptographicOperations.FixedTimeEquals(storedHash, Hash(secret));
}
