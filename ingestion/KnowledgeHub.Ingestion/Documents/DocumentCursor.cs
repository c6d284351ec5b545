using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>The position after the last row of a page: its creation time and id (the list's sort key).</summary>
public sealed record DocumentCursor(DateTimeOffset CreatedAt, string Id)
{
    public static DocumentCursor After(DocumentRecord document) => new(document.CreatedAt, document.Id);

    /// <summary>An opaque, URL-safe token; clients pass it back unchanged.</summary>
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + Id));

    public static bool TryDecode(string token, out DocumentCursor? cursor)
    {
        cursor = null;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            if (separator <= 0 || separator == text.Length - 1
                || !long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }

            cursor = new DocumentCursor(new DateTimeOffset(ticks, TimeSpan.Zero), text[(separator + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
