using KnowledgeHub.Orchestration.Tests.TestDoubles;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Tests.Grounding;

public sealed class RelevanceGateTests(RealEncoderFixture fixture) : IClassFixture<RealEncoderFixture>
{
    private const string German =
        "Der Eiffelturm in Paris wurde 1889 zur Weltausstellung fertiggestellt. Er ist ungefähr 330 Meter hoch und aus Schmiedeeisen gebaut.";

    private const string Chinese = "Transformer 的原始架构由编码器和解码器两个核心组件组成。注意力机制让模型关注输入中最相关的部分。";

    private const string English =
        "The Eiffel Tower was completed in 1889 for the World's Fair. Gustave Eiffel's company designed and built the wrought-iron lattice tower.";

    private const string Garden = "Tomatoes need at least six hours of direct sun each day. Water tomato plants in the morning.";

    [Theory]
    [InlineData("When was the Eiffel Tower finished?", German, "Der Eiffelturm in Paris wurde 1889 zur Weltausstellung fertiggestellt.")]
    [InlineData("What are the main parts of the original Transformer architecture?", Chinese, "Transformer 的原始架构由编码器和解码器两个核心组件组成。")]
    [InlineData("Who constructed the famous iron landmark?", English, "Gustave Eiffel's company designed and built the wrought-iron lattice tower.")]
    public async Task Answers_a_question_that_keyword_overlap_alone_would_refuse(string question, string passage, string expectedQuote)
    {
        var index = await fixture.IndexAsync(passage, Garden);
        var service = AnswerServices.Create(index, encoder: fixture.Encoder);
        var hits = await new HybridRetriever(fixture.Encoder, index).SearchAsync(question, SearchFilter.ForTenant("t1"), top: 5);

        var byKeywords = new ExtractiveAnswerer().Answer(question, hits);
        var answer = await service.AskAsync(new AskRequest(question, "t1"));

        Assert.False(byKeywords.Found);
        Assert.True(answer.Found);
        Assert.Equal(expectedQuote, answer.Citations[0].Quote);
        Assert.Equal("doc1", answer.Citations[0].DocumentId);
    }

    [Theory]
    [InlineData("What is the recipe for chocolate cake?")]
    [InlineData("Who won the football world cup in 2014?")]
    [InlineData("巧克力蛋糕的做法是什么？")]
    public async Task Refuses_an_off_topic_question_although_retrieval_returns_passages(string question)
    {
        var index = await fixture.IndexAsync(German, Chinese, English, Garden);
        using var decoder = new ScriptedChatClient("Mix flour and cocoa [1].");
        var service = AnswerServices.Create(index, decoder, encoder: fixture.Encoder);

        var answer = await service.AskAsync(new AskRequest(question, "t1"));

        Assert.False(answer.Found);
        Assert.False(answer.Grounded);
        Assert.Equal(AnswerTexts.NotFound, answer.Text);
        Assert.Empty(answer.Citations);
        Assert.Empty(decoder.Requests);
    }

    [Fact]
    public async Task An_encoder_without_calibration_leaves_the_gate_to_keywords()
    {
        var options = new AnswerOptions();
        options.Encoders.Clear();
        var index = await fixture.IndexAsync(German, Garden);
        var service = AnswerServices.Create(index, options: options, encoder: fixture.Encoder);

        var answer = await service.AskAsync(new AskRequest("When was the Eiffel Tower finished?", "t1"));

        Assert.False(answer.Found);
    }
}
