using System.Buffers;
using System.Security.Cryptography;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// Original bytes on disk, addressed by their SHA-256. Uploads stream through a temporary file while being
/// hashed, so a large upload is never held in memory and a crash never leaves a half-written original.
/// </summary>
public sealed class ContentStore(string root, Func<string, Stream>? createFile = null)
{
    private const int CopyBytes = 81920;

    // The seam lets tests fail a write the way a full disk does, without filling one. Unbuffered: the copy below writes
    // whole blocks, so a FileStream buffer would only be another 80 KB allocated per upload.
    private readonly Func<string, Stream> createFile = createFile ?? (path => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true));

    public string Root { get; } = root;

    /// <param name="New">The bytes were not stored before this call.</param>
    public sealed record StoredContent(string Hash, long Size, bool New = false);

    /// <exception cref="UploadTooLargeException">The stream is longer than <paramref name="maxBytes"/>.</exception>
    public async Task<StoredContent> SaveAsync(Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        var tempDir = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(tempDir);
        var tempPath = Path.Combine(tempDir, Guid.NewGuid().ToString("N"));
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBytes);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = createFile(tempPath))
            {
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
            var isNew = !File.Exists(finalPath);
            if (isNew)
            {
                File.Move(tempPath, finalPath);
            }
            else
            {
                File.Delete(tempPath);
            }

            return new StoredContent(hex, size, isNew);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);

            // Also after a failed write: a half-written temporary file on a full disk is space the retry needs.
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
