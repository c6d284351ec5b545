using System.Text.Json;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>
/// Records which encoder built an index folder. Vectors of different models are not comparable,
/// so opening a folder with another model or dimension is refused rather than silently mixing them.
/// </summary>
internal sealed record IndexMetadata(string ModelId, int Dimensions, int FormatVersion = IndexMetadata.CurrentFormat)
{
    public const int CurrentFormat = 1;
    public const string FileName = "knowledgehub-index.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static IndexMetadata? ReadOrNull(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        return JsonSerializer.Deserialize<IndexMetadata>(File.ReadAllText(path), Json)
            ?? throw new InvalidOperationException($"The index metadata file '{path}' is empty or invalid.");
    }

    public void Write(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true);
    }

    public void EnsureCompatible(string folder, string modelId, int dimensions)
    {
        if (FormatVersion != CurrentFormat)
        {
            throw new InvalidOperationException(
                $"The index in '{folder}' has format {FormatVersion}; this build reads format {CurrentFormat}. Rebuild the index from the document store.");
        }

        if (!string.Equals(ModelId, modelId, StringComparison.Ordinal) || Dimensions != dimensions)
        {
            throw new InvalidOperationException(
                $"The index in '{folder}' was built with encoder '{ModelId}' ({Dimensions} dimensions), but the configured encoder is '{modelId}' ({dimensions} dimensions). " +
                "Vectors of different models cannot be mixed: configure the original encoder, or rebuild the index into a new folder.");
        }
    }
}
