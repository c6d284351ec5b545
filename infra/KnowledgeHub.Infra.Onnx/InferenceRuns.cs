using System.Runtime.ExceptionServices;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>
/// How one call's texts become inference runs, and how many runs go at once. Every row of a run is padded to the run's
/// longest row and a transformer spends as much compute on a padding token as on a real one: ingestion's calls mix
/// chunks of 40-256 tokens from many documents, and one padded run of 13 of them spent about a third of its time on
/// padding. Texts are taken shortest first; a run closes at <c>batchSize</c> texts, when the next text would make
/// padding more than <see cref="MaxPaddingShare"/> of the run, or (on a CPU) when it would exceed
/// <see cref="TokensPerRun"/> padded tokens. On a CPU large runs gain nothing (a run's activations outgrow the caches:
/// one 256-token text per run embedded ingestion's chunks 1.5× faster than runs of 32), so runs stay small and go
/// <see cref="Parallelism"/> at once, each on its own core with one intra-op thread: no thread waits at an operator's
/// barrier for a partner the rest of the process has taken, as ONNX Runtime's two-thread operators did during ingestion.
/// </summary>
internal sealed class InferenceRuns : IDisposable
{
    /// <summary>Padding allowed in one run, as a share of its padded tokens.</summary>
    public const double MaxPaddingShare = 0.1;

    private readonly int batchSize;
    // Runs of every call together: concurrent calls (ingestion keeps two under way) queue for a core instead of
    // time-slicing more single-threaded runs than there are cores.
    private readonly SemaphoreSlim gate;

    private InferenceRuns(int batchSize, int? tokensPerRun, int intraOpThreads, int parallelism)
    {
        this.batchSize = batchSize;
        TokensPerRun = tokensPerRun;
        IntraOpThreads = intraOpThreads;
        Parallelism = parallelism;
        gate = new SemaphoreSlim(parallelism);
    }

    /// <summary>Padded tokens a CPU run may hold (one text of the model's full length); null on a GPU.</summary>
    public int? TokensPerRun { get; }

    /// <summary>ONNX Runtime threads inside one run.</summary>
    public int IntraOpThreads { get; }

    /// <summary>Runs of one call that go at once.</summary>
    public int Parallelism { get; }

    /// <summary>
    /// The threads of <paramref name="configuredThreads"/> (<see cref="EncoderOptions.IntraOpThreads"/>; 0 = one per run
    /// with a run per processor on a CPU, one per processor on a GPU, which runs one large run at a time).
    /// </summary>
    public static int IntraOpThreadsFor(int configuredThreads, bool gpu) =>
        configuredThreads > 0 ? configuredThreads : gpu ? Environment.ProcessorCount : 1;

    public static InferenceRuns For(string executionProvider, int batchSize, int maxTokens, int intraOpThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var gpu = executionProvider != OnnxSessionFactory.CpuProvider;
        return new InferenceRuns(
            batchSize,
            gpu ? null : maxTokens,
            intraOpThreads,
            gpu ? 1 : Math.Max(1, Environment.ProcessorCount / intraOpThreads));
    }

    /// <summary>The indexes of <paramref name="lengths"/>, shortest first, cut into runs.</summary>
    public List<int[]> Plan(IReadOnlyList<int> lengths)
    {
        var order = Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]).ToArray();
        var runs = new List<int[]>();
        var start = 0;
        long realTokens = 0;
        for (var next = 0; next < order.Length; next++)
        {
            var length = lengths[order[next]];
            var rows = next - start + 1;
            // Shortest first, so the newcomer is the run's longest row and sets its padded length.
            var padded = (long)rows * length;
            var full = rows > batchSize
                || (rows > 1 && padded - (realTokens + length) > MaxPaddingShare * padded)
                || (rows > 1 && padded > TokensPerRun);
            if (full)
            {
                runs.Add(order[start..next]);
                start = next;
                realTokens = 0;
            }

            realTokens += length;
        }

        if (start < order.Length)
        {
            runs.Add(order[start..]);
        }

        return runs;
    }

    /// <summary>
    /// <paramref name="run"/> for every run of <paramref name="runs"/>, <see cref="Parallelism"/> at once counting the
    /// runs of every other call under way. The first failure is rethrown as itself (a cancelled run as
    /// <see cref="OperationCanceledException"/>), so callers see what they would see from one run.
    /// </summary>
    public void Execute(List<int[]> runs, Action<int[]> run)
    {
        if (Parallelism == 1 || runs.Count == 1)
        {
            runs.ForEach(r => Gated(run, r));
            return;
        }

        try
        {
            Parallel.ForEach(runs, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, r => Gated(run, r));
        }
        catch (AggregateException ex)
        {
            var first = ex.InnerExceptions.FirstOrDefault(e => e is OperationCanceledException) ?? ex.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    private void Gated(Action<int[]> run, int[] rows)
    {
        gate.Wait();
        try
        {
            run(rows);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
