using KnowledgeHub.Infra.Llama;

namespace KnowledgeHub.Orchestration.Tests;

public sealed class StopSequenceFilterTests
{
    [Fact]
    public void Cuts_at_a_stop_sequence_split_across_pieces_without_leaking_it()
    {
        var filter = new StopSequenceFilter(["\nUser:"]);

        var output = filter.Push("Hello there.") + filter.Push("\nUs") + filter.Push("er: more");

        Assert.Equal("Hello there.", output);
        Assert.True(filter.Stopped);
        Assert.Equal(string.Empty, filter.Flush());
    }

    [Fact]
    public void Releases_held_text_that_turned_out_not_to_be_a_stop_sequence()
    {
        var filter = new StopSequenceFilter(["\nUser:"]);

        var output = filter.Push("Line one\nUs") + filter.Push("ually fine") + filter.Flush();

        Assert.Equal("Line one\nUsually fine", output);
        Assert.False(filter.Stopped);
    }
}
