using System.Security.Cryptography;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// Original bytes on disk, addressed by their SHA-256. Uploads stream through a temporary file while being
/// hashed, so a large upload is never held in memory and a crash never leaves a half-written original.
/// </summary>
public sealed class ContentStore(string root)
{
    public string Root { get; } = root;

    public sealed record StoredContent(string Hash, long Size);

    /// <exception cref="UploadTooLargeException">The stream is longer than <paramref name="maxBytes"/>.</exception>
    public async Task<StoredContent> SaveAsync(Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        var tempDir = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(tempDir);
        var tempPath = Path.Combine(tempDir, Guid.NewGuid().ToString("N"));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        throw new UploadTooLargeException(maxBytes);
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            var hex = Convert.ToHexStringLower(hash.GetHashAndReset());
            var finalPath = PathFor(hex);
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            if (File.Exists(finalPath))
            {
                File.Delete(tempPath);
            }
            else
            {
                File.Move(tempPath, finalPath);
            }

            return new StoredContent(hex, size);
        }
        finally
        {
            if (File.Exists(tempPath))
            {
                File.Delete(tempPath);
            }
        }
    }

    public Stream OpenRead(string hash) =>
        new FileStream(PathFor(hash), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    public bool Exists(string hash) => File.Exists(PathFor(hash));

    public void Delete(string hash)
    {
        var path = PathFor(hash);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string PathFor(string hash) => Path.Combine(Root, hash[..2], hash);
}
