using KnowledgeHub.Orchestration.Prompts;
using KnowledgeHub.Orchestration.Tests.TestDoubles;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;

namespace KnowledgeHub.Orchestration.Tests;

public sealed class SectionContextAnswerTests
{
    private const string Heading = "4 Maintenance > 4.2 Pumps";
    private const string Before = "Unit B was commissioned by the northern utility in 1970.";
    private const string Matched = "The cooling pump is inspected every six months.";
    private const string After = "Reports go to the safety office within a week.";
    private const string OtherSection = "Staff rotate shifts nightly across all units.";
    private const string Question = "How often is the cooling pump inspected?";

    [Fact]
    public async Task The_decoder_sees_the_matched_passage_with_its_section_neighbours_around_it()
    {
        using var index = await SectionIndexAsync();
        using var decoder = new ScriptedChatClient("The cooling pump is inspected every six months [1].");
        var service = AnswerServices.Create(index, decoder, new AnswerOptions { TopPassages = 1 });

        await service.AskAsync(new AskRequest(Question, "t1"));

        var user = decoder.Requests.Single()[1].Text;
        Assert.Contains(Before, user, StringComparison.Ordinal);
        Assert.Contains(After, user, StringComparison.Ordinal);
        Assert.DoesNotContain(OtherSection, user, StringComparison.Ordinal);
        var context = user.IndexOf(PassageFormatter.ContextBeforeLabel, StringComparison.Ordinal);
        var passage = user.IndexOf(PassageFormatter.PassageLabel, StringComparison.Ordinal);
        var following = user.IndexOf(PassageFormatter.ContextAfterLabel, StringComparison.Ordinal);
        Assert.True(context >= 0 && context < passage && passage < user.IndexOf(Matched, StringComparison.Ordinal) && passage < following);
    }

    [Fact]
    public async Task With_no_section_context_the_decoder_sees_the_matched_passage_alone()
    {
        using var index = await SectionIndexAsync();
        using var decoder = new ScriptedChatClient("The cooling pump is inspected every six months [1].");
        var service = AnswerServices.Create(index, decoder, new AnswerOptions { TopPassages = 1, SectionContextChunks = 0 });

        await service.AskAsync(new AskRequest(Question, "t1"));

        var user = decoder.Requests.Single()[1].Text;
        Assert.Contains(Matched, user, StringComparison.Ordinal);
        Assert.DoesNotContain(Before, user, StringComparison.Ordinal);
        Assert.DoesNotContain(After, user, StringComparison.Ordinal);
        Assert.DoesNotContain(PassageFormatter.PassageLabel, user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Citations_point_at_the_matched_chunk_not_at_its_context()
    {
        using var index = await SectionIndexAsync();
        using var decoder = new ScriptedChatClient("The cooling pump is inspected every six months [1].");
        var service = AnswerServices.Create(index, decoder, new AnswerOptions { TopPassages = 1 });

        var answer = await service.AskAsync(new AskRequest(Question, "t1"));

        var citation = Assert.Single(answer.Citations);
        Assert.Equal(ChunkId.For("manual", 1, 1), citation.ChunkId);
        Assert.Equal(Matched[citation.Start..citation.End], citation.Quote);
        Assert.True(answer.Grounded);
    }

    [Fact]
    public async Task A_tight_budget_keeps_the_whole_matched_passage_and_trims_the_context()
    {
        using var index = await SectionIndexAsync();
        using var decoder = new ScriptedChatClient("The cooling pump is inspected every six months [1].");
        var service = AnswerServices.Create(index, decoder, new AnswerOptions { TopPassages = 1, MaxPassageTokens = 36 });

        await service.AskAsync(new AskRequest(Question, "t1"));

        var user = decoder.Requests.Single()[1].Text;
        Assert.Contains(Matched, user, StringComparison.Ordinal);
        Assert.DoesNotContain(Before, user, StringComparison.Ordinal);
        Assert.DoesNotContain(After, user, StringComparison.Ordinal);

        // What is left of the budget goes to the text right next to the passage, cut at a word.
        Assert.Contains("…northern utility in 1970.", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extractive_answers_quote_only_the_matched_passages()
    {
        using var index = await SectionIndexAsync();
        var service = AnswerServices.Create(index, decoder: null, new AnswerOptions { TopPassages = 1 });

        var answer = await service.AskAsync(new AskRequest(Question, "t1"));

        Assert.Equal(ChunkId.For("manual", 1, 1), Assert.Single(answer.Citations).ChunkId);
        Assert.DoesNotContain(Before, answer.Text, StringComparison.Ordinal);
    }

    private static async Task<EmbeddedIndex> SectionIndexAsync()
    {
        var encoder = new HashingTextEncoder();
        var index = EmbeddedIndex.Open(null, encoder.ModelId, encoder.Dimensions);
        (string Text, string Heading)[] chunks = [(Before, Heading), (Matched, Heading), (After, Heading), (OtherSection, "5 Staffing")];
        var vectors = await encoder.EmbedAsync([.. chunks.Select(c => c.Text)], EmbeddingPurpose.Passage);
        await index.UpsertAsync(
        [
            .. chunks.Select((c, i) => new IndexedChunk(
                ChunkId.For("manual", 1, i), "t1", "default", "manual", 1, "manual.pdf", null, i, c.Text, c.Heading, vectors[i])),
        ]);
        return index;
    }
}
