namespace KnowledgeHub.Infra.Llama;

/// <summary>
/// Checks a model path before llama.cpp sees it: llama.cpp reports a missing or foreign file with a
/// generic load failure, while operators need to know which setting is wrong.
/// </summary>
public static class GgufFile
{
    // Every GGUF file starts with the ASCII magic "GGUF".
    private static ReadOnlySpan<byte> Magic => "GGUF"u8;

    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a GGUF model.</exception>
    public static void EnsureValid(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The decoder model file '{path}' (setting {DecoderOptions.SectionName}:Path) does not exist.", path);
        }

        Span<byte> header = stackalloc byte[4];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read < header.Length || !header.SequenceEqual(Magic))
        {
            throw new InvalidDataException($"The decoder model file '{path}' is not a GGUF model (it does not start with the GGUF signature).");
        }
    }
}
