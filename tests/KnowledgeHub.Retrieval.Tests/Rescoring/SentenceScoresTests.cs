using KnowledgeHub.Retrieval.Rescoring;

namespace KnowledgeHub.Retrieval.Tests.Rescoring;

public class SentenceScoresTests
{
    private static readonly float[] Query = [1, 0, 0];

    // Unit vectors at known cosines to the query: 0.9, 0.6, 0.0.
    private static readonly float[] Close = [0.9f, 0.43588989f, 0];
    private static readonly float[] Middling = [0.6f, 0.8f, 0];
    private static readonly float[] Orthogonal = [0, 0, 1];

    [Fact]
    public void The_best_sentence_scores_the_passage()
    {
        Assert.Equal(0.9, SentenceScores.TopMean(Query, [Orthogonal, Close, Middling])!.Value, 5);
    }

    [Fact]
    public void Top_two_is_the_mean_of_the_two_best_sentences()
    {
        Assert.Equal(0.75, SentenceScores.TopMean(Query, [Middling, Orthogonal, Close], n: 2)!.Value, 5);
    }

    [Fact]
    public void Fewer_sentences_than_asked_for_average_what_there_is()
    {
        Assert.Equal(0.6, SentenceScores.TopMean(Query, [Middling], n: 3)!.Value, 5);
    }

    [Fact]
    public void A_passage_without_sentences_has_no_score()
    {
        Assert.Null(SentenceScores.TopMean(Query, []));
    }

    [Fact]
    public void Per_group_scores_each_group_by_its_own_sentences_only()
    {
        var scores = SentenceScores.TopMeanPerGroup(Query, [Middling, Close, Orthogonal, Middling], [0, 2, 2, 0], groups: 3);

        Assert.Equal(0.6, scores[0]!.Value, 5);
        Assert.Null(scores[1]);
        Assert.Equal(0.9, scores[2]!.Value, 5);
    }
}
