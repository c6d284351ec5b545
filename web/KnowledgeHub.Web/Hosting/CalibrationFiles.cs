using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Orchestration.Grounding;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// Where the encoder's calibration file (<see cref="CalibrationFile.FileName"/>) lives: in the model folder when the
/// index's encoder is a folder model at full precision, else (a built-in model, an int8 graph, a read-only folder) in
/// the model cache under the model id (<see cref="DataPaths.Models"/>/&lt;model id&gt;/). At start-up the file found
/// for the encoder's model id replaces the built-in scales for that id in <see cref="AnswerOptions.Encoders"/>.
/// </summary>
public static class CalibrationFiles
{
    /// <summary>The file beside the model, or null for a built-in model or an int8 graph (whose folder is the cache).</summary>
    public static string? InModelFolder(EncoderOptions encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        return EncoderModel.Find(encoder.Model) is null && encoder.Precision == EncoderOptions.FullPrecision
            ? Path.Combine(Path.GetFullPath(encoder.Model), CalibrationFile.FileName)
            : null;
    }

    public static string InModelCache(DataPaths paths, string modelId)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.Models, modelId, CalibrationFile.FileName);
    }

    /// <summary>The file the product reads for this encoder: the model folder's when it has one, else the cache's; null when neither exists.</summary>
    public static string? Find(EncoderOptions encoder, DataPaths paths, string modelId) =>
        InModelFolder(encoder) is { } beside && File.Exists(beside) ? beside
        : File.Exists(InModelCache(paths, modelId)) ? InModelCache(paths, modelId)
        : null;

    /// <summary>
    /// Writes the file beside the model when it can, else into the model cache; returns where it went. A folder that
    /// cannot be written to (read-only mount) is no error.
    /// </summary>
    public static string Write(CalibrationFile file, EncoderOptions encoder, DataPaths paths)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (InModelFolder(encoder) is { } beside)
        {
            try
            {
                file.Write(beside);
                return beside;
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                // Read-only model folder: the cache holds it instead.
            }
        }

        var cached = InModelCache(paths, file.ModelId);
        file.Write(cached);
        return cached;
    }

    /// <summary>Registers the start-up read: a calibration file for the encoder's model id replaces its built-in scales.</summary>
    public static IServiceCollection AddCalibrationFiles(this IServiceCollection services)
    {
        services.AddOptions<AnswerOptions>().PostConfigure<IServiceProvider>((answer, sp) =>
        {
            var encoder = sp.GetRequiredService<IOptions<EncoderOptions>>().Value;
            var paths = sp.GetRequiredService<DataPaths>();

            // A built-in model's id is known without loading it; a folder model's id hashes its files, which the encoder does once.
            var modelId = EncoderModel.Find(encoder.Model) is { } builtIn
                ? builtIn.Id + (encoder.Precision == EncoderOptions.Quantized ? "-int8" : string.Empty)
                : sp.GetRequiredService<ITextEncoder>().ModelId;
            if (Find(encoder, paths, modelId) is not { } path)
            {
                return;
            }

            var file = CalibrationFile.Read(path);
            if (!string.Equals(file.ModelId, modelId, StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"The calibration file '{path}' was made for the model '{file.ModelId}', but the encoder is '{modelId}' (its files changed?). Run `calibrate` again or delete it.");
            }

            answer.Encoders[modelId] = file.Calibration!;
        });
        return services;
    }
}
