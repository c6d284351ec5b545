using KnowledgeHub.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infra.Onnx;

public static class OnnxEncoderServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EncoderOptions"/> from <see cref="EncoderOptions.Section"/> (validated at start-up) and
    /// registers <see cref="ITextEncoder"/> as a singleton ONNX encoder, created on first use.
    /// </summary>
    /// <param name="modelCacheFolder">Folder for extracted models, one subfolder per model; typically &lt;data path&gt;/models.</param>
    public static IServiceCollection AddOnnxEncoder(this IServiceCollection services, Func<IServiceProvider, string> modelCacheFolder)
    {
        ArgumentNullException.ThrowIfNull(modelCacheFolder);
        services.AddOptions<EncoderOptions>()
            .BindConfiguration(EncoderOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ITextEncoder>(sp => OnnxTextEncoder.Create(
            sp.GetRequiredService<IOptions<EncoderOptions>>().Value,
            modelCacheFolder(sp),
            sp.GetService<ILoggerFactory>()?.CreateLogger<OnnxTextEncoder>()));
        return services;
    }

    /// <summary>
    /// Another ONNX encoder beside the registered one (a re-scorer's second model): the same settings (CUDA, threads,
    /// batch size, model sources) with its own model id and precision.
    /// </summary>
    /// <param name="model">The model id; null takes the first known model that is not the registered encoder's.</param>
    /// <param name="precision">"float32" or "int8" (the registered encoder's precision is not inherited).</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The model id is not a known encoder model.</exception>
    public static ITextEncoder CreateSecondEncoder(IServiceProvider services, string? model, string precision, string modelCacheFolder)
    {
        ArgumentNullException.ThrowIfNull(services);
        var primary = services.GetRequiredService<IOptions<EncoderOptions>>().Value;
        var options = primary.For(model ?? EncoderModel.All.First(m => m.Id != EncoderModel.Find(primary.Model)?.Id).Id, precision);
        return OnnxTextEncoder.Create(options, modelCacheFolder, services.GetService<ILoggerFactory>()?.CreateLogger<OnnxTextEncoder>());
    }

    /// <summary>The cross-encoder in <paramref name="folder"/>, run with the registered encoder's settings (CUDA, threads, batch size).</summary>
    public static ICrossEncoder CreateCrossEncoder(IServiceProvider services, string folder)
    {
        ArgumentNullException.ThrowIfNull(services);
        var runtime = services.GetRequiredService<IOptions<EncoderOptions>>().Value;
        return OnnxCrossEncoder.Create(folder, runtime, services.GetService<ILoggerFactory>()?.CreateLogger<OnnxCrossEncoder>());
    }
}
