using KnowledgeHub.Ingestion.Pipeline;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>How many documents one process ingests at once: enough by default to fill the shared encoder's calls.</summary>
public sealed class WorkerLanesTests
{
    [Theory]
    [InlineData(2, 15, 1)]
    [InlineData(16, 8, 8)]
    [InlineData(48, 24, 24)]
    public void By_default_a_small_machine_still_runs_enough_small_document_workers_to_fill_encoder_calls(int cores, int small, int large)
    {
        Assert.Equal((small, large), new IngestionOptions().WorkerLanes(cores));
    }

    [Theory]
    [InlineData(1, 0, 1, 1)]
    [InlineData(8, 0, 4, 4)]
    [InlineData(8, 2, 6, 2)]
    public void Configured_workers_are_split_into_the_two_lanes_with_at_least_one_each(int workers, int largeWorkers, int small, int large)
    {
        var options = new IngestionOptions { Workers = workers, LargeDocumentWorkers = largeWorkers };

        Assert.Equal((small, large), options.WorkerLanes(processorCount: 2));
    }
}
