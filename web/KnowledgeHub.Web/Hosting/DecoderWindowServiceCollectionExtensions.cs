using KnowledgeHub.Infra.Llama;
using KnowledgeHub.Infra.OpenAI;
using KnowledgeHub.Orchestration;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

public static class DecoderWindowServiceCollectionExtensions
{
    /// <summary>
    /// The configured decoder's context window, so answers pack their passages to fit it: the local GGUF model counts
    /// with its own tokenizer and context size; an OpenAI-compatible server is estimated against KnowledgeHub:Model:ContextSize.
    /// Registers nothing without a decoder. Call after the decoders are added.
    /// </summary>
    public static IServiceCollection AddDecoderWindow(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(LlamaChatClient)))
        {
            services.AddSingleton<IDecoderWindow>(sp => new LlamaDecoderWindow(sp.GetRequiredService<LlamaChatClient>()));
        }
        else if (services.Any(d => d.ServiceType == typeof(IConfigureOptions<OpenAICompatibleOptions>)))
        {
            services.AddSingleton<IDecoderWindow>(sp => new EstimatedDecoderWindow(sp.GetRequiredService<IOptions<OpenAICompatibleOptions>>().Value.ContextSize));
        }

        return services;
    }

    private sealed class LlamaDecoderWindow(LlamaChatClient client) : IDecoderWindow
    {
        public int ContextTokens => client.ContextSize;

        public int CountTokens(string text) => client.CountTokens(text);
    }
}
