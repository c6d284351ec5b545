using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenAI;

namespace KnowledgeHub.Infra.OpenAI;

public static class OpenAICompatibleDecoderServiceCollectionExtensions
{
    /// <summary>The named <see cref="HttpClient"/> the decoder sends its requests with; configure its handler (proxy, certificates) under this name.</summary>
    public const string HttpClientName = "KnowledgeHub.Model";

    // OpenAI's client refuses an empty key; servers that check none ignore whatever is sent.
    private const string NoApiKey = "not-needed";

    /// <summary>
    /// Registers an <see cref="IChatClient"/> for an OpenAI-compatible server when "KnowledgeHub:Model:Endpoint" is set,
    /// with "KnowledgeHub:Model:Name" (required) and "KnowledgeHub:Model:ApiKey" (optional); registers nothing otherwise.
    /// Invalid settings stop the host at start-up (options validation).
    /// </summary>
    /// <exception cref="InvalidOperationException">"KnowledgeHub:Model:Path" (a local GGUF model) is set as well.</exception>
    public static IServiceCollection AddOpenAICompatibleDecoder(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(OpenAICompatibleOptions.SectionName);
        if (string.IsNullOrWhiteSpace(section[nameof(OpenAICompatibleOptions.Endpoint)]))
        {
            return services;
        }

        if (!string.IsNullOrWhiteSpace(section["Path"]))
        {
            throw new InvalidOperationException(
                $"{OpenAICompatibleOptions.SectionName} sets both Path (a local GGUF model run by LLamaSharp) and Endpoint "
                + "(an OpenAI-compatible server). Set only one of them.");
        }

        services.AddOptions<OpenAICompatibleOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .Validate(
                o => o.Endpoint is { IsAbsoluteUri: true } uri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps),
                $"{OpenAICompatibleOptions.SectionName}:Endpoint must be an absolute http(s) URL, e.g. http://localhost:8000/v1.")
            .ValidateOnStart();

        // The OpenAI pipeline enforces the timeout per request (and retries); the HttpClient's own would cut it short.
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => CreateClient(
            sp.GetRequiredService<IOptions<OpenAICompatibleOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        return services;
    }

    private static IChatClient CreateClient(OpenAICompatibleOptions options, HttpClient http)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            Transport = new HttpClientPipelineTransport(http),
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? NoApiKey : options.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), clientOptions).GetChatClient(options.Name).AsIChatClient();
    }
}
