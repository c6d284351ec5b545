using KnowledgeHub.Orchestration.Tests.TestDoubles;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Tests.Grounding;

public sealed class SentenceVerificationTests(RealEncoderFixture fixture) : IClassFixture<RealEncoderFixture>
{
    private const string Question = "How much sun and water do tomatoes need?";

    private static readonly IndexedChunk[] Chunks =
    [
        Passages.Chunk("sun", "Tomatoes need at least six hours of direct sun each day. They grow best when nights stay above ten degrees."),
        Passages.Chunk("watering", "Water tomato plants in the morning so the leaves dry before evening. Deep watering twice a week beats a little every day."),
    ];

    [Fact]
    public async Task An_unsupported_sentence_is_dropped_and_the_rest_is_grounded()
    {
        var answer = await AskAsync("Tomatoes need six hours of sun [1]. The moon is made of cheese [1]. Water them in the morning [2].");

        Assert.Equal("Tomatoes need six hours of sun [1]. Water them in the morning [2].", answer.Text);
        Assert.True(answer.Found);
        Assert.True(answer.Grounded);
        var sentences = answer.Sentences!;
        Assert.Equal(["Tomatoes need six hours of sun.", "The moon is made of cheese.", "Water them in the morning."], sentences.Select(s => s.Text));
        Assert.Equal([true, false, true], sentences.Select(s => s.Supported));
        Assert.Equal([true, false, true], sentences.Select(s => s.Kept));
        Assert.True(sentences[0].Support > sentences[1].Support);
        Assert.True(sentences[2].Support > sentences[1].Support);
        Assert.All(sentences, s => Assert.InRange(s.Support, 0.0, 1.0));
        Assert.Equal([1, 2], answer.Citations.Select(c => c.Number));
        Assert.Equal("Tomatoes need at least six hours of direct sun each day.", answer.Citations[0].Quote);
        Assert.Equal("Water tomato plants in the morning so the leaves dry before evening.", answer.Citations[1].Quote);
    }

    [Fact]
    public async Task With_dropping_off_an_unsupported_sentence_is_kept_and_the_answer_is_not_grounded()
    {
        var answer = await AskAsync(
            "Tomatoes need six hours of sun [1]. The moon is made of cheese [1]. Water them in the morning [2].",
            new AnswerOptions { DropUnsupportedSentences = false });

        Assert.Equal("Tomatoes need six hours of sun [1]. The moon is made of cheese [1]. Water them in the morning [2].", answer.Text);
        Assert.False(answer.Grounded);
        Assert.Equal([true, false, true], answer.Sentences!.Select(s => s.Supported));
        Assert.All(answer.Sentences!, s => Assert.True(s.Kept));
    }

    [Fact]
    public async Task When_no_sentence_is_supported_all_are_kept_and_flagged()
    {
        var answer = await AskAsync("The moon is made of cheese [1]. Cats rule the world [2].");

        Assert.Equal("The moon is made of cheese [1]. Cats rule the world [2].", answer.Text);
        Assert.True(answer.Found);
        Assert.False(answer.Grounded);
        Assert.All(answer.Sentences!, s => Assert.False(s.Supported));
        Assert.All(answer.Sentences!, s => Assert.True(s.Kept));
    }

    [Fact]
    public async Task A_sentence_citing_the_wrong_passage_is_cited_to_the_passage_that_supports_it()
    {
        var answer = await AskAsync("Tomatoes need six hours of sun [2]. Water them in the morning [1].");

        Assert.Equal("Tomatoes need six hours of sun [1]. Water them in the morning [2].", answer.Text);
        Assert.True(answer.Grounded);
        Assert.Equal([[1], [2]], answer.Sentences!.Select(s => s.Citations.ToArray()));
        Assert.Equal([[2], [1]], answer.Sentences!.Select(s => s.CitedAs!.ToArray()));
        Assert.Equal(["sun", "watering"], answer.Citations.Select(c => c.DocumentId));
    }

    [Fact]
    public async Task A_co_cited_passage_that_does_not_support_the_sentence_is_removed()
    {
        var answer = await AskAsync("Water them in the morning [1][2].");

        // Passage 2 (watering) alone supports it; as the answer's only citation it is numbered [1].
        Assert.Equal("Water them in the morning [1].", answer.Text);
        Assert.Equal([1], Assert.Single(answer.Sentences!).Citations);
        Assert.Equal("watering", Assert.Single(answer.Citations).DocumentId);
    }

    [Fact]
    public async Task A_supported_answer_in_other_words_keeps_its_citations_unchanged()
    {
        var answer = await AskAsync("Give tomatoes six or more hours of direct sunlight daily [1]. Watering deeply two times per week is best [2].");

        Assert.True(answer.Grounded);
        Assert.Equal("Give tomatoes six or more hours of direct sunlight daily [1]. Watering deeply two times per week is best [2].", answer.Text);
        Assert.All(answer.Sentences!, s => Assert.Null(s.CitedAs));
    }

    [Fact]
    public async Task An_extractive_answer_is_verified_and_grounded()
    {
        var index = await AnswerServices.IndexAsync(Chunks);
        var service = AnswerServices.Create(index, encoder: fixture.Encoder);

        var answer = await service.AskAsync(new AskRequest("How many hours of sun do tomatoes need?", "t1"));

        Assert.True(answer.Found);
        Assert.True(answer.Grounded);
        Assert.NotEmpty(answer.Sentences!);
        Assert.All(answer.Sentences!, s => Assert.True(s.Supported));
        Assert.StartsWith("Tomatoes need at least six hours of direct sun each day. [1]", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extractive_answer_quoting_a_bracketed_reference_number_is_verified_without_treating_it_as_a_citation()
    {
        // Scientific abstracts cite like "[12]"; quoted into an extractive answer, that must not count as passage 12.
        var index = await AnswerServices.IndexAsync(
            Passages.Chunk("sun", "Tomatoes need at least six hours of direct sun each day [12]. They grow best when nights stay warm."));
        var service = AnswerServices.Create(index, options: null, encoder: fixture.Encoder);

        var answer = await service.AskAsync(new AskRequest("How many hours of sun do tomatoes need?", "t1"));

        Assert.True(answer.Found);
        Assert.NotEmpty(answer.Citations);
        Assert.All(answer.Citations, c => Assert.Equal(1, c.Number));
        Assert.Contains("each day [12].", answer.Text, StringComparison.Ordinal); // the paper's own reference stays word for word
    }

    private async Task<Answer> AskAsync(string decoderAnswer, AnswerOptions? options = null)
    {
        var index = await AnswerServices.IndexAsync(Chunks);
        using var decoder = new ScriptedChatClient(decoderAnswer);
        var service = AnswerServices.Create(index, decoder, options, fixture.Encoder);
        return await service.AskAsync(new AskRequest(Question, "t1"));
    }
}
