using System.ComponentModel.DataAnnotations;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>
/// A BERT-style sentence encoder run by ONNX Runtime. Safe for concurrent callers: the tokenizer is
/// read-only after creation and <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/> is thread-safe.
/// </summary>
public sealed class OnnxTextEncoder : ITextEncoder, IDisposable
{
    private const string InputIdsName = "input_ids";
    private const string AttentionMaskName = "attention_mask";
    private const string TokenTypeIdsName = "token_type_ids";
    private const string HiddenStateName = "last_hidden_state";

    private static readonly string[] OutputNames = [HiddenStateName];

    private readonly EncoderModel model;
    private readonly InferenceSession session;
    private readonly BertTokenizer tokenizer;
    private readonly int batchSize;
    private readonly bool takesTokenTypes;
    private readonly ILogger logger;

    private OnnxTextEncoder(EncoderModel model, string modelId, InferenceSession session, BertTokenizer tokenizer, string executionProvider, int batchSize, ILogger logger)
    {
        this.model = model;
        ModelId = modelId;
        this.session = session;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
        this.logger = logger;
        ExecutionProvider = executionProvider;
        takesTokenTypes = session.InputMetadata.ContainsKey(TokenTypeIdsName);
    }

    /// <summary>The model's id, with "-int8" for the quantised graph: its vectors must never mix with the float model's.</summary>
    public string ModelId { get; }

    public int Dimensions => model.Dimensions;

    public int MaxTokens => model.MaxTokens;

    /// <summary>"CUDA" or "CPU": where inference actually runs after any fallback.</summary>
    public string ExecutionProvider { get; }

    /// <summary>
    /// Validates <paramref name="options"/>, extracts the model into <paramref name="modelCacheFolder"/>/&lt;model id&gt;/
    /// when needed, and loads it. For hosts without dependency injection (CLI, benchmarks).
    /// </summary>
    /// <param name="modelCacheFolder">Folder holding one subfolder per model, e.g. &lt;data path&gt;/models.</param>
    /// <exception cref="ValidationException">The options are invalid (e.g. an unknown model name).</exception>
    public static OnnxTextEncoder Create(EncoderOptions options, string modelCacheFolder, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        logger ??= NullLogger.Instance;

        var model = EncoderModel.Find(options.Model)!;
        var provisioner = new ModelProvisioner(modelCacheFolder, options.ModelSourceFolder, logger);
        var int8 = options.Precision == EncoderOptions.Quantized;
        var files = int8 ? provisioner.ProvisionInt8(model) : provisioner.Provision(model);
        var modelId = int8 ? model.Id + "-int8" : model.Id;
        var tokenizer = BertTokenizer.Create(files.VocabPath, new BertOptions
        {
            LowerCaseBeforeTokenization = model.LowerCase,
            // The uncased reference tokenizer strips accents ("café" -> "cafe") whenever it lower-cases.
            RemoveNonSpacingMarks = model.LowerCase,
        });

        var threads = options.IntraOpThreads > 0 ? options.IntraOpThreads : Environment.ProcessorCount;
        var (session, provider) = OnnxSessionFactory.Create(files.ModelPath, modelId, threads, options.UseCuda, logger);
        try
        {
            CheckGraph(session, model, files.ModelPath);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        OnnxEncoderLog.EncoderLoaded(logger, modelId, files.ModelPath, provider, threads, options.BatchSize);
        return new OnnxTextEncoder(model, modelId, session, tokenizer, provider, options.BatchSize, logger);
    }

    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return tokenizer.CountTokens(text);
    }

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return Task.FromResult(Array.Empty<float[]>());
        }

        // Inference is CPU-bound for seconds at a time; keep it off the caller's thread.
        return Task.Run(() => Embed(texts, purpose, cancellationToken), cancellationToken);
    }

    public void Dispose() => session.Dispose();

    private float[][] Embed(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken)
    {
        var prefix = purpose == EmbeddingPurpose.Query ? model.QueryPrefix : string.Empty;
        var tokens = new IReadOnlyList<int>[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            tokens[i] = tokenizer.EncodeToIds(prefix + text, model.MaxTokens, addSpecialTokens: true, out _, out _);
        }

        // Texts of similar length share a batch, so little compute is spent on padding.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokens[i].Count).ToArray();
        var vectors = new float[texts.Count][];
        using var runOptions = new RunOptions();
        using var stopOnCancel = cancellationToken.Register(() => runOptions.Terminate = true);
        var batches = 0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var members = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
            var batch = PaddedBatch.Create(Array.ConvertAll(members, i => tokens[i]), tokenizer.PaddingTokenId);
            var pooled = Run(batch, runOptions, cancellationToken);
            for (var row = 0; row < members.Length; row++)
            {
                vectors[members[row]] = pooled[row];
            }

            batches++;
        }

        OnnxEncoderLog.Embedded(logger, texts.Count, purpose, batches);
        return vectors;
    }

    private float[][] Run(PaddedBatch batch, RunOptions runOptions, CancellationToken cancellationToken)
    {
        using var inputIds = OrtValue.CreateTensorValueFromMemory(batch.InputIds, batch.Shape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, batch.Shape);
        using var tokenTypeIds = OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds, batch.Shape);
        string[] inputNames = takesTokenTypes ? [InputIdsName, AttentionMaskName, TokenTypeIdsName] : [InputIdsName, AttentionMaskName];
        OrtValue[] inputs = takesTokenTypes ? [inputIds, attentionMask, tokenTypeIds] : [inputIds, attentionMask];

        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = session.Run(runOptions, inputNames, inputs, OutputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        using (outputs)
        {
            var states = outputs[0].GetTensorDataAsSpan<float>();
            var rowLength = batch.Sequence * model.Dimensions;
            var pooled = new float[batch.Rows][];
            for (var row = 0; row < batch.Rows; row++)
            {
                pooled[row] = EmbeddingPooling.Pool(states.Slice(row * rowLength, rowLength), batch.TokenCounts[row], model.Dimensions, model.Pooling);
            }

            return pooled;
        }
    }

    private static void CheckGraph(InferenceSession session, EncoderModel model, string modelPath)
    {
        if (!session.InputMetadata.ContainsKey(InputIdsName) || !session.InputMetadata.ContainsKey(AttentionMaskName))
        {
            throw new InvalidDataException($"'{modelPath}' does not take {InputIdsName} and {AttentionMaskName}; it is not a BERT-style encoder.");
        }

        if (!session.OutputMetadata.TryGetValue(HiddenStateName, out var output) || output.Dimensions[^1] != model.Dimensions)
        {
            throw new InvalidDataException($"'{modelPath}' has no {HiddenStateName} output of width {model.Dimensions}.");
        }
    }
}
