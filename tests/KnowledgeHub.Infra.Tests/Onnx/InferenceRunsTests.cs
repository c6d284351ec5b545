using KnowledgeHub.Infra.Onnx;

namespace KnowledgeHub.Infra.Tests.Onnx;

public sealed class InferenceRunsTests
{
    [Fact]
    public void Runs_of_mixed_lengths_cover_every_text_once_and_pad_at_most_a_tenth()
    {
        var random = new Random(7);
        var lengths = Enumerable.Range(0, 500).Select(_ => random.Next(3, 257)).ToArray();
        using var runs = InferenceRuns.For(OnnxSessionFactory.CpuProvider, 32, 256, 1);

        var plan = runs.Plan(lengths);

        Assert.Equal(Enumerable.Range(0, lengths.Length), plan.SelectMany(r => r).Order());
        Assert.All(plan, run =>
        {
            var padded = run.Length * run.Max(i => lengths[i]);
            var real = run.Sum(i => lengths[i]);
            Assert.True(padded - real <= InferenceRuns.MaxPaddingShare * padded, $"a run of {run.Length} pads {padded - real} of {padded} tokens");
            Assert.True(run.Length == 1 || padded <= 256, $"a CPU run of {run.Length} holds {padded} padded tokens");
        });
    }

    [Fact]
    public void A_short_text_is_not_padded_to_a_long_ones_length()
    {
        using var runs = InferenceRuns.For("CUDA", 32, 256, 4);
        var plan = runs.Plan([250, 12, 240, 10]);

        Assert.Equal([[3, 1], [2, 0]], plan);
    }

    [Fact]
    public void On_a_gpu_texts_of_equal_length_fill_runs_up_to_the_batch_size()
    {
        using var runs = InferenceRuns.For("CUDA", 4, 256, 4);
        var plan = runs.Plan(Enumerable.Repeat(200, 10).ToArray());

        Assert.Equal([4, 4, 2], plan.Select(r => r.Length));
    }

    [Fact]
    public void On_a_cpu_a_run_holds_at_most_one_full_length_texts_tokens()
    {
        using var runs = InferenceRuns.For(OnnxSessionFactory.CpuProvider, 32, 256, 1);

        Assert.Equal(10, runs.Plan(Enumerable.Repeat(256, 10).ToArray()).Count);
        Assert.Equal([25, 5], runs.Plan(Enumerable.Repeat(10, 30).ToArray()).Select(r => r.Length));
    }

    [Fact]
    public void By_default_a_cpu_runs_one_single_threaded_run_per_processor_and_a_gpu_one_run_at_a_time()
    {
        var cpuThreads = InferenceRuns.IntraOpThreadsFor(0, gpu: false);
        var gpuThreads = InferenceRuns.IntraOpThreadsFor(0, gpu: true);

        using var cpu = InferenceRuns.For(OnnxSessionFactory.CpuProvider, 32, 256, cpuThreads);
        using var gpu = InferenceRuns.For("CUDA", 32, 256, gpuThreads);
        using var threeThreads = InferenceRuns.For(OnnxSessionFactory.CpuProvider, 32, 256, 3);

        Assert.Equal(1, cpuThreads);
        Assert.Equal(Environment.ProcessorCount, cpu.Parallelism);
        Assert.Equal(Environment.ProcessorCount, gpuThreads);
        Assert.Equal(1, gpu.Parallelism);
        Assert.Equal(3, InferenceRuns.IntraOpThreadsFor(3, gpu: false));
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 3), threeThreads.Parallelism);
    }

    [Fact]
    public void Execute_runs_every_run_and_rethrows_a_failure_as_itself()
    {
        using var runs = InferenceRuns.For(OnnxSessionFactory.CpuProvider, 1, 256, 1);
        var plan = runs.Plan([5, 6, 7, 8, 9]);
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();

        runs.Execute(plan, run => seen.Add(run[0]));
        var failure = Assert.Throws<InvalidDataException>(() => runs.Execute(plan, run =>
        {
            if (run[0] == 3)
            {
                throw new InvalidDataException("run 3");
            }
        }));

        Assert.Equal([0, 1, 2, 3, 4], seen.Order());
        Assert.Equal("run 3", failure.Message);
    }

    [Fact]
    public void Execute_reports_a_cancelled_call_as_cancelled_even_when_another_run_failed_otherwise()
    {
        using var runs = InferenceRuns.For(OnnxSessionFactory.CpuProvider, 1, 256, 1);
        if (runs.Parallelism == 1)
        {
            Assert.Throws<OperationCanceledException>(() => runs.Execute(runs.Plan([1, 2]), _ => throw new OperationCanceledException()));
            return;
        }

        using var bothStarted = new Barrier(2);
        Assert.Throws<OperationCanceledException>(() => runs.Execute(runs.Plan([1, 2]), run =>
        {
            bothStarted.SignalAndWait(TimeSpan.FromSeconds(10));
            throw run[0] == 0 ? new InvalidOperationException("terminated") : new OperationCanceledException();
        }));
    }

    [Fact]
    public void Calls_under_way_at_once_together_run_no_more_runs_than_the_parallelism_allows()
    {
        using var runs = InferenceRuns.For(OnnxSessionFactory.CpuProvider, 1, 256, 1);
        var plan = runs.Plan(Enumerable.Range(1, 12).ToArray());
        var running = 0;
        var most = 0;
        void Run(int[] rows)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            // Each run stays until as many runs as allowed are in (or a while has passed), so that a missing limit shows
            // as more runs at once even on a loaded machine.
            SpinWait.SpinUntil(() => Volatile.Read(ref running) >= runs.Parallelism, TimeSpan.FromMilliseconds(500));
            Thread.Sleep(20);
            InterlockedMax(ref most, Volatile.Read(ref running));
            Interlocked.Decrement(ref running);
        }

        // Three callers on threads of their own (each takes part in its own call's runs), not waiting for pool threads.
        var callers = Enumerable.Range(0, 3).Select(_ => new Thread(() => runs.Execute(plan, Run))).ToList();
        callers.ForEach(c => c.Start());
        callers.ForEach(c => c.Join());

        Assert.Equal(runs.Parallelism, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var before = Interlocked.CompareExchange(ref target, value, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }
}
