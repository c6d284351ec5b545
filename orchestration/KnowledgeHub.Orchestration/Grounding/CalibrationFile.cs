using System.Text.Json;
using System.Text.Json.Serialization;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>
/// An encoder's calibration as `calibrate` writes it (<see cref="FileName"/>, beside the model or in the model cache):
/// the model id it was measured for, where the questions came from, and the scales. Read at start-up, where it replaces
/// the built-in scales for that model id.
/// </summary>
public sealed class CalibrationFile
{
    public const string FileName = "knowledgehub-calibration.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
    };

    /// <summary>The encoder's model id (a folder model's includes the hash of its files): the file is used for it only.</summary>
    public string ModelId { get; set; } = string.Empty;

    /// <summary>What the thresholds were derived from, for the reader ("beir scifact, 60 questions").</summary>
    public string? Source { get; set; }

    /// <summary>Question and passage pairs measured, per language ("en", "zh").</summary>
    public Dictionary<string, int> Pairs { get; set; } = new(StringComparer.Ordinal);

    public EncoderCalibration? Calibration { get; set; }

    /// <summary>Reads and checks the file.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON, lacks the model id or the calibration, or its thresholds contradict each other; the message names the file.</exception>
    public static CalibrationFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CalibrationFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CalibrationFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The calibration file '{path}' is not valid: {ex.Message} Run `calibrate` again or delete it.", ex);
        }

        if (file is null || string.IsNullOrWhiteSpace(file.ModelId) || file.Calibration is null)
        {
            throw new InvalidDataException($"The calibration file '{path}' needs 'modelId' and 'calibration'. Run `calibrate` again or delete it.");
        }

        if (!file.Calibration.IsConsistent || !InRange(file.Calibration) || !file.Calibration.Languages.Values.All(InRange))
        {
            throw new InvalidDataException(
                $"The calibration file '{path}' has thresholds that contradict each other: each needs -1 <= minQuestionSimilarity < typicalAnswerSimilarity <= 1 and -1 <= unrelatedSentenceSimilarity < supportingSentenceSimilarity <= 1.");
        }

        return file;
    }

    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    private static bool InRange(EncoderCalibration c) =>
        new[] { c.MinQuestionSimilarity, c.TypicalAnswerSimilarity, c.UnrelatedSentenceSimilarity, c.SupportingSentenceSimilarity }.All(v => v is >= -1 and <= 1);
}
