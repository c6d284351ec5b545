using KnowledgeHub.Infra.Onnx.Folders;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>
/// A cross-encoder (ONNX sequence-classification export: input_ids, attention_mask, optional token_type_ids -> logits)
/// loaded from a model folder. Pairs are scored in runs of similar length (<see cref="InferenceRuns"/>); a model with one
/// logit scores by it, one with two (not relevant, relevant) by their difference. Safe for concurrent callers.
/// </summary>
public sealed class OnnxCrossEncoder : ICrossEncoder, IDisposable
{
    private const string LogitsName = "logits";

    private readonly InferenceSession session;
    private readonly SequenceTokenizer tokenizer;
    private readonly GraphInputs graphInputs;
    private readonly string[] outputNames;
    private readonly int labels;
    private readonly int maxTokens;
    private readonly InferenceRuns runs;

    private OnnxCrossEncoder(ModelFolder folder, InferenceSession session, GraphInputs graphInputs, string output, int labels, InferenceRuns runs, string executionProvider)
    {
        this.session = session;
        this.graphInputs = graphInputs;
        this.labels = labels;
        this.runs = runs;
        tokenizer = folder.Tokenizer;
        maxTokens = folder.MaxTokens ?? 512;
        outputNames = [output];
        ModelId = folder.Id;
        Languages = folder.Languages;
        ExecutionProvider = executionProvider;
    }

    public string ModelId { get; }

    public IReadOnlyList<string> Languages { get; }

    /// <summary>"CUDA" or "CPU": where inference actually runs after any fallback.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Loads the cross-encoder in <paramref name="folder"/> with the encoder's runtime settings (CUDA, threads, idle-thread spinning, batch size).</summary>
    /// <exception cref="FileNotFoundException">The folder lacks its graph or tokenizer; the message names the file.</exception>
    /// <exception cref="InvalidDataException">The graph takes an input it cannot be given, or has no usable logits; the message names the file and the input or output.</exception>
    public static OnnxCrossEncoder Create(string folder, EncoderOptions runtime, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        logger ??= NullLogger.Instance;
        var model = ModelFolder.Open(folder);
        var (session, provider, threads) = OnnxSessionFactory.Create(model.ModelPath, model.Id, runtime.IntraOpThreads, runtime.UseCuda, logger, runtime.SpinWait);
        try
        {
            var inputs = GraphInputs.Check(session, model.ModelPath);
            var output = session.OutputMetadata.ContainsKey(LogitsName) ? LogitsName : session.OutputMetadata.Keys.First();
            var dimensions = session.OutputMetadata[output].Dimensions;
            var labels = dimensions.Length == 2 ? dimensions[1] : -1;
            if (labels is not (1 or 2))
            {
                throw new InvalidDataException(
                    $"'{model.ModelPath}': output '{output}' must be logits of shape [batch, 1] or [batch, 2] (it is [{string.Join(", ", dimensions)}]).");
            }

            var runs = InferenceRuns.For(provider, runtime.BatchSize, model.MaxTokens ?? 512, threads);
            OnnxEncoderLog.CrossEncoderLoaded(logger, model.Id, model.ModelPath, provider, threads, runs.Parallelism, runtime.BatchSize);
            return new OnnxCrossEncoder(model, session, inputs, output, labels, runs, provider);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        return passages.Count == 0 ? Task.FromResult(Array.Empty<float>()) : Task.Run(() => Score(query, passages, cancellationToken), cancellationToken);
    }

    public void Dispose()
    {
        session.Dispose();
        runs.Dispose();
    }

    private float[] Score(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        var pairs = passages.Select(p => tokenizer.EncodePair(query, p, maxTokens)).ToArray();
        var scores = new float[pairs.Length];
        using var runOptions = new RunOptions();
        using var stopOnCancel = cancellationToken.Register(() => runOptions.Terminate = true);
        runs.Execute(runs.Plan(Array.ConvertAll(pairs, p => p.Ids.Count)), members =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = PaddedBatch.Create(Array.ConvertAll(members, i => pairs[i].Ids), tokenizer.PaddingId, Array.ConvertAll(members, i => pairs[i].TypeIds));
            using var outputs = graphInputs.Run(session, runOptions, batch, outputNames, cancellationToken);
            var logits = outputs[0].GetTensorDataAsSpan<float>();
            for (var row = 0; row < members.Length; row++)
            {
                scores[members[row]] = labels == 1 ? logits[row] : logits[(row * 2) + 1] - logits[row * 2];
            }
        });

        return scores;
    }
}
