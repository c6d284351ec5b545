using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Bench.Evaluation;

/// <summary>
/// Embeddings of a whole text list kept in one file, so repeated evaluations skip the encoder. The file is
/// named by the SHA-256 of the model id, the purpose and every text in order: any change to the chunker, the
/// corpus or the model names a different file, so a stale file is never read. Layout: "KHVC", format version,
/// count, dimensions (int32 little-endian each), then count x dimensions float32 little-endian.
/// </summary>
public sealed class VectorCache(string folder)
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "KHVC"u8.ToArray();

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The cached vectors, or those <paramref name="embed"/> computes, which are then stored.</summary>
    public async Task<float[][]> GetOrComputeAsync(
        string modelId,
        EmbeddingPurpose purpose,
        IReadOnlyList<string> texts,
        int dimensions,
        Func<IReadOnlyList<string>, Task<float[][]>> embed)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(embed);
        var path = PathFor(modelId, purpose, texts);
        if (TryRead(path, texts.Count, dimensions) is { } cached)
        {
            return cached;
        }

        var vectors = await embed(texts);
        Write(path, vectors, dimensions);
        return vectors;
    }

    public string PathFor(string modelId, EmbeddingPurpose purpose, IReadOnlyList<string> texts)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        ArgumentNullException.ThrowIfNull(texts);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, modelId);
        Append(hash, purpose.ToString());
        foreach (var text in texts)
        {
            Append(hash, text);
        }

        return Path.Combine(Folder, Convert.ToHexStringLower(hash.GetHashAndReset()) + ".bin");
    }

    // Length-prefixed, so ["ab", "c"] and ["a", "bc"] hash differently.
    private static void Append(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }

    /// <summary>Null when the file is missing or does not hold exactly the expected shape (a truncated or foreign file).</summary>
    private static float[][]? TryRead(string path, int count, int dimensions)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var expectedLength = 16L + ((long)count * dimensions * sizeof(float));
        if (stream.Length != expectedLength
            || !reader.ReadBytes(4).AsSpan().SequenceEqual(Magic)
            || reader.ReadInt32() != FormatVersion
            || reader.ReadInt32() != count
            || reader.ReadInt32() != dimensions)
        {
            return null;
        }

        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            vectors[i] = new float[dimensions];
            stream.ReadExactly(MemoryMarshal.AsBytes(vectors[i].AsSpan()));
            if (!BitConverter.IsLittleEndian)
            {
                var ints = MemoryMarshal.Cast<float, int>(vectors[i].AsSpan());
                BinaryPrimitives.ReverseEndianness(ints, ints);
            }
        }

        return vectors;
    }

    // Written beside the target and renamed over it, so a reader never sees half a file.
    private void Write(string path, float[][] vectors, int dimensions)
    {
        Directory.CreateDirectory(Folder);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(stream))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(vectors.Length);
                writer.Write(dimensions);
                foreach (var vector in vectors)
                {
                    if (vector.Length != dimensions)
                    {
                        throw new ArgumentException($"Expected vectors of {dimensions} dimensions, got {vector.Length}.", nameof(vectors));
                    }

                    foreach (var value in vector)
                    {
                        writer.Write(value);
                    }
                }
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
