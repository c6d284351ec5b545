using System.Collections.Concurrent;
using KnowledgeHub.Ingestion.Pipeline;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>The loop under the embedding batcher and the index write group, when its processing itself throws (a bug).</summary>
public sealed class BatchingLoopTests
{
    [Fact]
    public async Task With_two_windows_under_way_the_items_of_a_window_whose_processing_threw_are_failed_not_left_waiting()
    {
        var ended = new ConcurrentDictionary<string, TaskCompletionSource<Exception?>>();
        TaskCompletionSource<Exception?> EndOf(string item) => ended.GetOrAdd(item, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        var bug = new InvalidOperationException("processing bug");
        await using var loop = new BatchingLoop<string>(new BatchingLoop<string>.Settings(
            Limit: 1,
            Full: 1,
            Wait: TimeSpan.Zero,
            TimeProvider.System,
            Accept: _ => true,
            ProcessAsync: async (window, _) =>
            {
                await Task.Yield();
                if (window.Contains("poison"))
                {
                    throw bug;
                }

                EndOf(window[0]).TrySetResult(null);
            },
            Abandon: (item, fault, _) => EndOf(item).TrySetResult(fault),
            Crashed: _ => { },
            InFlight: 2));

        Assert.True(loop.TryAdd("poison"));
        Assert.True(loop.TryAdd("next"));

        Assert.Same(bug, await EndOf("poison").Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await EndOf("next").Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
