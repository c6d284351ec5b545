using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Sampling;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infra.Llama;

/// <summary>
/// An <see cref="IChatClient"/> over a local GGUF model run by LLamaSharp (llama.cpp) on the CPU.
/// Requests are served one at a time: a llama context is not thread-safe, and one request already uses every core.
/// </summary>
public sealed class LlamaChatClient : IChatClient
{
    private readonly DecoderOptions options;
    private readonly ILogger logger;
    private readonly LLamaWeights weights;
    private readonly StatelessExecutor executor;
    private readonly ChatPromptFormatter formatter;
    private readonly ChatClientMetadata metadata;
    private readonly SemaphoreSlim gate = new(1, 1);

    public LlamaChatClient(IOptions<DecoderOptions> options, ILogger<LlamaChatClient> logger)
        : this(options.Value, logger)
    {
    }

    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a GGUF model.</exception>
    /// <exception cref="InvalidOperationException">llama.cpp could not load the model.</exception>
    public LlamaChatClient(DecoderOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException($"No decoder model is configured ({DecoderOptions.SectionName}:Path is empty).", nameof(options));
        }

        this.options = options;
        this.logger = logger ?? NullLogger.Instance;
        GgufFile.EnsureValid(options.Path);
        LlamaNativeLogging.EnsureConfigured(this.logger);

        var modelParams = new ModelParams(options.Path)
        {
            ContextSize = (uint)options.ContextSize,
            GpuLayerCount = options.GpuLayerCount,
            Threads = options.Threads,
        };

        try
        {
            weights = LLamaWeights.LoadFromFile(modelParams);
        }
        catch (LoadWeightsFailedException ex)
        {
            throw new InvalidOperationException($"llama.cpp could not load the GGUF model '{options.Path}'.", ex);
        }

        // One executor for the client's life: each InferAsync call creates (and disposes) its own context, so requests never see each other's state.
        executor = new StatelessExecutor(weights, modelParams);
        formatter = ChatPromptFormatter.For(weights);
        ModelId = Path.GetFileNameWithoutExtension(options.Path);
        ContextSize = options.ContextSize;
        metadata = new ChatClientMetadata("llamasharp", providerUri: null, defaultModelId: ModelId);
        LlamaLog.ModelLoaded(this.logger, ModelId, options.Path, ContextSize, formatter.UsesModelTemplate);
    }

    /// <summary>The model file's name without extension, e.g. "stories260K".</summary>
    public string ModelId { get; }

    public int ContextSize { get; }

    /// <summary>Counts the tokens of a text with the model's tokenizer (BOS included).</summary>
    public int CountTokens(string text) => weights.Tokenize(text, true, true, Encoding.UTF8).Length;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (options?.MaxOutputTokens is < 1)
        {
            // llama.cpp reads a non-positive limit as "no limit".
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxOutputTokens, "MaxOutputTokens must be at least 1.");
        }

        var prompt = formatter.Format(messages);
        var responseId = Guid.NewGuid().ToString("N");

        await gate.WaitAsync(cancellationToken);
        try
        {
            var promptTokens = CountTokens(prompt);
            if (promptTokens >= ContextSize)
            {
                throw new InvalidOperationException(
                    $"The prompt has {promptTokens} tokens but the decoder's context holds {ContextSize} ({DecoderOptions.SectionName}:ContextSize); shorten the prompt or raise the context size.");
            }

            var maxTokens = Math.Min(options?.MaxOutputTokens ?? this.options.MaxTokens, ContextSize - promptTokens);
            using var sampling = CreateSampling(options);
            var inference = new InferenceParams { MaxTokens = maxTokens, SamplingPipeline = sampling };
            var stops = new StopSequenceFilter([.. formatter.DefaultStops, .. (options?.StopSequences ?? []).Where(s => s.Length > 0)]);
            LlamaLog.Prompt(logger, prompt);

            var outputTokens = 0;
            var started = false;
            await foreach (var piece in executor.InferAsync(prompt, inference, cancellationToken))
            {
                // The stateless executor yields exactly one piece per sampled token.
                outputTokens++;
                var text = stops.Push(piece);
                if (!started)
                {
                    // The transcript format ends with "Assistant:", so models open with a space.
                    text = text.TrimStart();
                    started = text.Length > 0;
                }

                if (text.Length > 0)
                {
                    yield return TextUpdate(responseId, text);
                }

                if (stops.Stopped)
                {
                    break;
                }
            }

            // The executor ends quietly on cancellation; surface it so a cut-off answer is not taken as complete.
            cancellationToken.ThrowIfCancellationRequested();
            var rest = stops.Flush();
            if (!started)
            {
                rest = rest.TrimStart();
            }

            if (rest.Length > 0)
            {
                yield return TextUpdate(responseId, rest);
            }

            var finish = !stops.Stopped && outputTokens >= maxTokens ? ChatFinishReason.Length : ChatFinishReason.Stop;
            LlamaLog.Generated(logger, promptTokens, outputTokens, finish.Value);
            var usage = new UsageDetails
            {
                InputTokenCount = promptTokens,
                OutputTokenCount = outputTokens,
                TotalTokenCount = promptTokens + outputTokens,
            };
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)])
            {
                ResponseId = responseId,
                MessageId = responseId,
                ModelId = ModelId,
                FinishReason = finish,
            };
        }
        finally
        {
            gate.Release();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        weights.Dispose();
        gate.Dispose();
    }

    private ChatResponseUpdate TextUpdate(string responseId, string text) =>
        new(ChatRole.Assistant, text) { ResponseId = responseId, MessageId = responseId, ModelId = ModelId };

    private static DefaultSamplingPipeline CreateSampling(ChatOptions? options)
    {
        // The pipeline's settings are init-only: take llama.cpp's defaults for whatever the request leaves open.
        using var defaults = new DefaultSamplingPipeline();
        return new DefaultSamplingPipeline
        {
            Seed = options?.Seed is long seed ? unchecked((uint)seed) : (uint)Random.Shared.Next(),
            Temperature = options?.Temperature ?? defaults.Temperature,
            TopP = options?.TopP ?? defaults.TopP,
            TopK = options?.TopK ?? defaults.TopK,
            FrequencyPenalty = options?.FrequencyPenalty ?? defaults.FrequencyPenalty,
            PresencePenalty = options?.PresencePenalty ?? defaults.PresencePenalty,
        };
    }
}
