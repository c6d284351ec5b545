using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>
/// What OCR read on each page of one PDF, kept on disk until the whole document is read: a run killed halfway (a
/// restart, a crash) resumes at the first page not yet read, as the embedding cache lets embed resume. Keyed by the
/// PDF's bytes, the resolution and the languages, so a different setting never reuses a page.
/// </summary>
internal static class PageCache
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The folder for this document and setting; null when no cache is configured.</summary>
    public static string? For(string? root, byte[] pdf, int dpi, IReadOnlyList<string> languages)
    {
        if (string.IsNullOrEmpty(root))
        {
            return null;
        }

        var setting = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{dpi}|{string.Join('+', languages)}|"));
        var key = Convert.ToHexStringLower(SHA256.HashData([.. setting, .. SHA256.HashData(pdf)]));
        return Path.Combine(root, key);
    }

    public static async Task<OcrPage?> ReadAsync(string? folder, int page, CancellationToken cancellationToken)
    {
        var path = folder is null ? null : PathOf(folder, page);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<OcrPage>(stream, Json, cancellationToken);
        }
        catch (JsonException)
        {
            // A file cut short by a crash is read again rather than trusted.
            return null;
        }
    }

    public static async Task WriteAsync(string? folder, int page, OcrPage read, CancellationToken cancellationToken)
    {
        if (folder is null)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var path = PathOf(folder, page);
        var partial = path + ".partial";
        await File.WriteAllTextAsync(partial, JsonSerializer.Serialize(read, Json), cancellationToken);
        File.Move(partial, path, overwrite: true);
    }

    public static void Remove(string? folder)
    {
        if (folder is not null && Directory.Exists(folder))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Another run of the same bytes may be writing; the next complete run removes it.
            }
        }
    }

    /// <summary>
    /// Removes what runs left behind and nobody resumed within <paramref name="age"/>: a document deleted or given up
    /// after a failure that may have been retried keeps its pages otherwise.
    /// </summary>
    public static void RemoveStale(string? root, DateTimeOffset now, TimeSpan age)
    {
        if (string.IsNullOrEmpty(root) || !Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            if (now - Directory.GetLastWriteTimeUtc(folder) > age)
            {
                Remove(folder);
            }
        }
    }

    private static string PathOf(string folder, int page) => Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"page-{page}.json"));
}
