using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Infra.Llama;

public static class LlamaDecoderServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="LlamaChatClient"/> as the <see cref="IChatClient"/> when "KnowledgeHub:Model:Path" is set;
    /// registers nothing otherwise, so answers stay extractive. The model loads when the client is first resolved;
    /// a missing or non-GGUF file stops the host at start-up (options validation).
    /// </summary>
    public static IServiceCollection AddLlamaDecoder(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(DecoderOptions.SectionName);
        if (string.IsNullOrWhiteSpace(section[nameof(DecoderOptions.Path)]))
        {
            return services;
        }

        services.AddOptions<DecoderOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .Validate(o => File.Exists(o.Path), $"{DecoderOptions.SectionName}:Path names a file that does not exist.")
            .ValidateOnStart();
        services.AddSingleton<LlamaChatClient>();
        services.AddSingleton<IChatClient>(sp => sp.GetRequiredService<LlamaChatClient>());
        return services;
    }
}
