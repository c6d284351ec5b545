using KnowledgeHub.Orchestration.Citations;
using KnowledgeHub.Orchestration.Tests.TestDoubles;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.AI;

namespace KnowledgeHub.Orchestration.Tests;

public sealed class CitationMapperTests
{
    private static readonly IReadOnlyList<SearchHit> Hits = Passages.Hits(
        "The Eiffel Tower is located in Paris. The Eiffel Tower was completed in 1889 for the World's Fair.",
        "France is a country in Western Europe. Paris is the capital of France and its largest city.");

    private readonly CitationMapper mapper = new();

    [Fact]
    public async Task Keeps_a_valid_marker_with_a_supporting_quote_and_drops_an_out_of_range_one()
    {
        using var decoder = new ScriptedChatClient("The tower was completed in 1889 [1]. It is 330 metres tall [7]. Paris is the capital of France. [2]");
        var response = await decoder.GetResponseAsync([new ChatMessage(ChatRole.User, "question")]);

        var mapped = mapper.Map(response.Text, Hits);

        Assert.True(mapped.Found);
        Assert.Equal("The tower was completed in 1889 [1]. It is 330 metres tall. Paris is the capital of France. [2]", mapped.Text);
        Assert.Equal([1, 2], mapped.Citations.Select(c => c.Number));
        Assert.Equal("The Eiffel Tower was completed in 1889 for the World's Fair.", mapped.Citations[0].Quote);
        Assert.Equal("Paris is the capital of France and its largest city.", mapped.Citations[1].Quote);
        Assert.All(mapped.Citations, c =>
        {
            var chunk = Hits[c.Number - 1].Chunk;
            Assert.Equal(chunk.Id, c.ChunkId);
            Assert.Equal(c.Quote, chunk.Text.Substring(c.Start, c.End - c.Start));
        });
    }

    [Fact]
    public void A_marker_list_keeps_only_the_numbers_of_retrieved_passages()
    {
        var mapped = mapper.Map("Paris is the capital of France [2, 9].", Hits);

        Assert.Equal("Paris is the capital of France [2].", mapped.Text);
        Assert.Equal([2], mapped.Citations.Select(c => c.Number));
    }

    [Fact]
    public void An_answer_without_valid_markers_has_no_citations()
    {
        var mapped = mapper.Map("Paris is the capital of France [0][3].", Hits);

        Assert.Equal("Paris is the capital of France.", mapped.Text);
        Assert.Empty(mapped.Citations);
    }

    [Fact]
    public void The_not_found_reply_is_not_found_and_cites_nothing()
    {
        var mapped = mapper.Map(AnswerTexts.NotFound + " [1]", Hits);

        Assert.False(mapped.Found);
        Assert.Equal(AnswerTexts.NotFound, mapped.Text);
        Assert.Empty(mapped.Citations);
    }

    [Fact]
    public void The_stream_filter_output_equals_the_rewrite_of_the_whole_text_however_it_is_split()
    {
        const string text = "Completed in 1889 [1]. Tall [7]. Capital [2, 9].  Odd [x] and [12";
        var expected = CitationMarkers.Rewrite(text, passageCount: 2);
        for (var size = 1; size <= 7; size++)
        {
            var filter = new CitationMarkerStreamFilter(2);
            var output = new System.Text.StringBuilder();
            for (var i = 0; i < text.Length; i += size)
            {
                output.Append(filter.Push(text.Substring(i, Math.Min(size, text.Length - i))));
            }

            output.Append(filter.Flush());
            Assert.Equal(expected, output.ToString());
        }

        Assert.Equal("Completed in 1889 [1]. Tall. Capital [2].  Odd [x] and [12", expected);
    }
}
