using System.ComponentModel.DataAnnotations;
using System.Numerics.Tensors;
using KnowledgeHub.Infra.Onnx.Folders;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>
/// A transformer sentence encoder run by ONNX Runtime: one of the built-in models, or any Hugging Face style export in a
/// folder (<see cref="ModelFolder"/>). Safe for concurrent callers: the tokenizer is read-only after creation and
/// <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/> is thread-safe.
/// </summary>
public sealed class OnnxTextEncoder : ITextEncoder, IDisposable
{
    internal const string InputIdsName = "input_ids";
    internal const string AttentionMaskName = "attention_mask";
    internal const string TokenTypeIdsName = "token_type_ids";
    internal const string PositionIdsName = "position_ids";
    private const string HiddenStateName = "last_hidden_state";

    // Token states under the names exports use, then an already pooled sentence vector.
    private static readonly string[] StateOutputs = [HiddenStateName, "token_embeddings", "sentence_embedding"];

    private readonly Spec spec;
    private readonly InferenceSession session;
    private readonly SequenceTokenizer tokenizer;
    private readonly InferenceRuns runs;
    private readonly GraphInputs graphInputs;
    private readonly string[] outputNames;
    private readonly bool pooledOutput;
    private readonly ILogger logger;

    private OnnxTextEncoder(Spec spec, InferenceSession session, SequenceTokenizer tokenizer, string executionProvider, InferenceRuns runs, GraphInputs graphInputs, string outputName, ILogger logger)
    {
        this.spec = spec;
        this.session = session;
        this.tokenizer = tokenizer;
        this.runs = runs;
        this.graphInputs = graphInputs;
        this.logger = logger;
        outputNames = [outputName];
        pooledOutput = session.OutputMetadata[outputName].Dimensions.Length == 2;
        ExecutionProvider = executionProvider;
    }

    /// <summary>
    /// The model's id, with "-int8" for the quantised graph: its vectors must never mix with the float model's. A folder
    /// model's id is the folder's name and a hash of its files (<see cref="ModelFolder.Id"/>).
    /// </summary>
    public string ModelId => spec.Id;

    public int Dimensions => spec.Dimensions;

    public int MaxTokens => spec.MaxTokens;

    /// <summary>Languages the model understands (ISO 639-1); the built-in models are English.</summary>
    public IReadOnlyList<string> Languages => spec.Languages;

    /// <summary>"CUDA" or "CPU": where inference actually runs after any fallback.</summary>
    public string ExecutionProvider { get; }

    /// <summary>
    /// Validates <paramref name="options"/>, extracts a built-in model into <paramref name="modelCacheFolder"/>/&lt;model id&gt;/
    /// when needed (or reads the model folder <see cref="EncoderOptions.Model"/> names), and loads it. For hosts without
    /// dependency injection (CLI, benchmarks).
    /// </summary>
    /// <param name="modelCacheFolder">Folder holding one subfolder per model, e.g. &lt;data path&gt;/models.</param>
    /// <exception cref="ValidationException">The options are invalid (e.g. an unknown model name).</exception>
    /// <exception cref="FileNotFoundException">A model folder lacks a file it needs; the message names it.</exception>
    /// <exception cref="InvalidDataException">A model folder's file is malformed or does not fit the graph; the message names it.</exception>
    public static OnnxTextEncoder Create(EncoderOptions options, string modelCacheFolder, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        logger ??= NullLogger.Instance;
        var int8 = options.Precision == EncoderOptions.Quantized;
        var provisioner = new ModelProvisioner(modelCacheFolder, options.ModelSourceFolder, logger);

        string modelPath;
        SequenceTokenizer tokenizer;
        Spec spec;
        ModelFolder? folder = null;
        if (EncoderModel.Find(options.Model) is { } model)
        {
            var files = int8 ? provisioner.ProvisionInt8(model) : provisioner.Provision(model);
            modelPath = files.ModelPath;
            var bert = BertTokenizer.Create(files.VocabPath, new BertOptions
            {
                LowerCaseBeforeTokenization = model.LowerCase,
                // The uncased reference tokenizer strips accents ("café" -> "cafe") whenever it lower-cases.
                RemoveNonSpacingMarks = model.LowerCase,
            });
            tokenizer = SequenceTokenizer.For(bert, TokenTemplate.Bert(bert.ClassificationTokenId, bert.SeparatorTokenId));
            spec = new Spec(int8 ? model.Id + "-int8" : model.Id, model.Dimensions, model.MaxTokens, model.Pooling, model.QueryPrefix, string.Empty, ["en"]);
        }
        else
        {
            folder = ModelFolder.Open(options.Model);
            modelPath = int8 ? provisioner.ProvisionInt8(folder) : folder.ModelPath;
            tokenizer = folder.Tokenizer;
            spec = new Spec(int8 ? folder.Id + "-int8" : folder.Id, 0, folder.MaxTokens ?? 512, folder.Pooling, folder.QueryPrefix, folder.PassagePrefix, folder.Languages);
        }

        var (session, provider, threads) = OnnxSessionFactory.Create(modelPath, spec.Id, options.IntraOpThreads, options.UseCuda, logger, options.SpinWait);
        try
        {
            var inputs = GraphInputs.Check(session, modelPath);
            var output = StateOutputs.FirstOrDefault(session.OutputMetadata.ContainsKey)
                ?? throw new InvalidDataException($"'{modelPath}' has none of the outputs {string.Join(", ", StateOutputs)} (it has {string.Join(", ", session.OutputMetadata.Keys)}).");
            var width = session.OutputMetadata[output].Dimensions[^1];
            if (folder is null && width != spec.Dimensions)
            {
                throw new InvalidDataException($"'{modelPath}' has no {output} output of width {spec.Dimensions}.");
            }

            if (width <= 0)
            {
                throw new InvalidDataException($"'{modelPath}': the width of output {output} is not fixed in the graph.");
            }

            if (folder?.DeclaredDimensions is { } declared && declared != width)
            {
                throw new InvalidDataException(
                    $"'{Path.Combine(folder.Folder, "1_Pooling", "config.json")}' declares word_embedding_dimension {declared}, but '{modelPath}' puts out {width}.");
            }

            spec = spec with { Dimensions = width };
            var runs = InferenceRuns.For(provider, options.BatchSize, spec.MaxTokens, threads);
            OnnxEncoderLog.EncoderLoaded(logger, spec.Id, modelPath, provider, threads, runs.Parallelism, options.BatchSize);
            return new OnnxTextEncoder(spec, session, tokenizer, provider, runs, inputs, output, logger);
        }
        catch
        {
            session.Dispose();
            throw;
        }
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

    public void Dispose()
    {
        session.Dispose();
        runs.Dispose();
    }

    private float[][] Embed(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken)
    {
        var prefix = purpose == EmbeddingPurpose.Query ? spec.QueryPrefix : spec.PassagePrefix;
        var tokens = new IReadOnlyList<int>[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            tokens[i] = tokenizer.Encode(prefix + text, spec.MaxTokens);
        }

        var vectors = new float[texts.Count][];
        using var runOptions = new RunOptions();
        using var stopOnCancel = cancellationToken.Register(() => runOptions.Terminate = true);
        var plan = runs.Plan(Array.ConvertAll(tokens, t => t.Count));
        runs.Execute(plan, members =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pooled = Run(PaddedBatch.Create(Array.ConvertAll(members, i => tokens[i]), tokenizer.PaddingId), runOptions, cancellationToken);
            for (var row = 0; row < members.Length; row++)
            {
                vectors[members[row]] = pooled[row];
            }
        });

        OnnxEncoderLog.Embedded(logger, texts.Count, purpose, plan.Count);
        return vectors;
    }

    private float[][] Run(PaddedBatch batch, RunOptions runOptions, CancellationToken cancellationToken)
    {
        using (var outputs = graphInputs.Run(session, runOptions, batch, outputNames, cancellationToken))
        {
            var states = outputs[0].GetTensorDataAsSpan<float>();
            var pooled = new float[batch.Rows][];
            if (pooledOutput)
            {
                for (var row = 0; row < batch.Rows; row++)
                {
                    var vector = states.Slice(row * spec.Dimensions, spec.Dimensions).ToArray();
                    var norm = TensorPrimitives.Norm<float>(vector);
                    if (norm > 0f)
                    {
                        TensorPrimitives.Divide(vector, norm, vector);
                    }

                    pooled[row] = vector;
                }

                return pooled;
            }

            var rowLength = batch.Sequence * spec.Dimensions;
            for (var row = 0; row < batch.Rows; row++)
            {
                pooled[row] = EmbeddingPooling.Pool(states.Slice(row * rowLength, rowLength), batch.TokenCounts[row], spec.Dimensions, spec.Pooling);
            }

            return pooled;
        }
    }

    private sealed record Spec(string Id, int Dimensions, int MaxTokens, EncoderPooling Pooling, string QueryPrefix, string PassagePrefix, IReadOnlyList<string> Languages);
}
