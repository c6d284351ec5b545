using KnowledgeHub.Orchestration.Tests.TestDoubles;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Tests.Grounding;

/// <summary>"Found" means the documents answer the question, with the real encoder (the product's default).</summary>
public sealed class AnswerabilityTests(RealEncoderFixture fixture) : IClassFixture<RealEncoderFixture>
{
    private static readonly (string, string)[] EuCapitals =
    [
        ("eu-capitals.csv", "Country | Capital | Population\nFrance | Paris | 68 million\nGermany | Berlin | 84 million\nItaly | Rome | 59 million\nSpain | Madrid | 48 million"),
        ("eu-members.txt", "The capitals of the European Union member states are listed below with their populations."),
    ];

    private static readonly (string, string)[] Gardening =
    [
        ("tomato-sun.txt", "Tomatoes need at least six hours of direct sun each day. They grow best when nights stay above ten degrees."),
        ("tomato-water.txt", "Water tomato plants in the morning so the leaves dry before evening. Deep watering twice a week beats a little every day."),
        ("tomato-pruning.txt", "Prune the side shoots of cordon tomatoes every week; bush varieties need no pruning."),
    ];

    [Fact]
    public async Task A_near_miss_question_is_not_found_and_names_what_the_documents_lack()
    {
        var answer = await AskAsync(EuCapitals, "What is the capital of Australia?");

        Assert.False(answer.Found);
        Assert.False(answer.Grounded);
        Assert.Empty(answer.Citations);
        Assert.Contains("Australia", answer.Text, StringComparison.Ordinal);
        Assert.StartsWith(AnswerTexts.NotFound, answer.Text, StringComparison.Ordinal);
        Assert.NotEmpty(answer.Related!);
        Assert.True(answer.Answerability < new AnswerOptions().MinAnswerability);
    }

    [Fact]
    public async Task A_question_the_table_answers_is_found()
    {
        var answer = await AskAsync(EuCapitals, "What is the capital of Germany?");

        Assert.True(answer.Found);
        Assert.Contains("Berlin", answer.Text, StringComparison.Ordinal);
        Assert.True(answer.Answerability >= new AnswerOptions().MinAnswerability);
        Assert.Empty(answer.Related!);
    }

    [Theory]
    [InlineData("xyzzy plugh frobnicate")]
    [InlineData("Who won the football world cup in 2014?")]
    [InlineData("How do I reset the password of my router?")]
    [InlineData("What are the side effects of ibuprofen?")]
    [InlineData("Which programming language has a borrow checker?")]
    public async Task Nonsense_and_off_topic_questions_are_not_found_with_a_useful_sentence(string question)
    {
        var answer = await AskAsync(Gardening, question);

        Assert.False(answer.Found);
        Assert.Empty(answer.Citations);
        Assert.StartsWith(AnswerTexts.NotFound, answer.Text, StringComparison.Ordinal);
        Assert.Contains("tomato", answer.Text, StringComparison.OrdinalIgnoreCase); // names the nearest documents' files
        Assert.NotEmpty(answer.Related!);
    }

    [Fact]
    public async Task A_question_in_other_words_than_the_passage_is_still_found()
    {
        var answer = await AskAsync(Gardening, "How often should tomatoes be watered?");

        Assert.True(answer.Found);
        Assert.True(answer.Grounded);
        Assert.Contains("twice a week", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unanswerable_question_never_reaches_the_decoder()
    {
        var index = await fixture.IndexFilesAsync(EuCapitals);
        using var decoder = new ScriptedChatClient("Canberra is the capital [1].");
        var service = AnswerServices.Create(index, decoder, encoder: fixture.Encoder);

        var answer = await service.AskAsync(new AskRequest("What is the capital of Australia?", "t1"));

        Assert.False(answer.Found);
        Assert.Empty(decoder.Requests);
        Assert.DoesNotContain("Canberra", answer.Text, StringComparison.Ordinal);
    }

    private async Task<Answer> AskAsync((string FileName, string Text)[] files, string question)
    {
        var index = await fixture.IndexFilesAsync(files);
        var service = AnswerServices.Create(index, encoder: fixture.Encoder);
        return await service.AskAsync(new AskRequest(question, "t1"));
    }
}
