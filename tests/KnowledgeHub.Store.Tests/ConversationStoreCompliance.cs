using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Orchestration.Conversations;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeHub.Store.Tests;

/// <summary>
/// The contract of <see cref="IConversationStore"/>, run against every implementation. Each concrete class supplies an
/// empty store whose schema the document store of the same database initialized.
/// </summary>
public abstract class ConversationStoreCompliance : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private IConversationStore? store;

    protected FakeTimeProvider Time { get; } = new(Start);

    protected IConversationStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>A new, empty conversation store, after <see cref="IDocumentStore.InitializeAsync"/> on its database.</summary>
    protected abstract Task<IConversationStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public Task DisposeAsync() => store is null ? Task.CompletedTask : DisposeStoreAsync();

    private async Task<Conversation> NewConversationAsync(string id, string tenant = "acme", string? collection = "manuals")
    {
        var conversation = new Conversation(id, tenant, collection, Time.GetUtcNow(), Time.GetUtcNow());
        await Store.CreateAsync(conversation);
        Time.Advance(TimeSpan.FromSeconds(1));
        return conversation;
    }

    private RecordedTurn NewTurn(string id, Conversation conversation, string question = "What is the dose for adults?", string? collection = "manuals", AnswerUsage? usage = null)
    {
        var asked = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromSeconds(2));
        return new RecordedTurn(
            id,
            conversation.Id,
            conversation.Tenant,
            Ordinal: 0,
            collection,
            question,
            question + " (standalone)",
            "Adults take 500 mg [1].",
            """[{"number":1,"chunkId":"c1","documentId":"doc_a","fileName":"dosing.pdf","page":3,"start":0,"end":22,"quote":"Adults take 500 mg."}]""",
            Found: true,
            Grounded: true,
            "extractive",
            "answer.v1",
            usage ?? new AnswerUsage(120, 30, 12.5, 250.25),
            asked,
            Time.GetUtcNow());
    }

    [StoreFact]
    public async Task A_created_conversation_reads_back_only_for_its_tenant()
    {
        var created = await NewConversationAsync("conv_a");

        Assert.Equal(created, await Store.GetAsync("acme", "conv_a"));
        Assert.Null(await Store.GetAsync("globex", "conv_a"));
        Assert.Null(await Store.GetAsync("acme", "conv_missing"));
    }

    [StoreFact]
    public async Task Turns_are_numbered_in_order_and_read_back_with_every_field()
    {
        var conversation = await NewConversationAsync("conv_a");
        var first = NewTurn("turn_1", conversation);
        var second = NewTurn("turn_2", conversation, "and for children?", collection: null);

        var storedFirst = await Store.AddTurnAsync(first);
        var storedSecond = await Store.AddTurnAsync(second);

        Assert.Equal(first with { Ordinal = 1 }, storedFirst);
        Assert.Equal(second with { Ordinal = 2 }, storedSecond);
        var turns = await Store.GetTurnsAsync("acme", "conv_a");
        Assert.Equal([storedFirst!, storedSecond!], turns);
        Assert.Equal(storedSecond, await Store.GetTurnAsync("acme", "turn_2"));
        var after = await Store.GetAsync("acme", "conv_a");
        Assert.Equal(2, after!.TurnCount);
        Assert.Equal(second.AnsweredAt, after.UpdatedAt);
        Assert.Equal(conversation.CreatedAt, after.CreatedAt);
    }

    [StoreFact]
    public async Task Another_tenant_can_neither_read_nor_extend_a_conversation()
    {
        var conversation = await NewConversationAsync("conv_a");
        await Store.AddTurnAsync(NewTurn("turn_1", conversation));

        var intruding = await Store.AddTurnAsync(NewTurn("turn_x", conversation) with { Tenant = "globex" });

        Assert.Null(intruding);
        Assert.Empty(await Store.GetTurnsAsync("globex", "conv_a"));
        Assert.Null(await Store.GetTurnAsync("globex", "turn_1"));
        Assert.Single(await Store.GetTurnsAsync("acme", "conv_a"));
        Assert.Null(await Store.GetTurnAsync("acme", "turn_x"));
    }

    [StoreFact]
    public async Task List_pages_the_tenants_conversations_most_recently_active_first()
    {
        var a = await NewConversationAsync("conv_a");
        await NewConversationAsync("conv_b");
        await NewConversationAsync("conv_c");
        await NewConversationAsync("conv_other", tenant: "globex");
        await Store.AddTurnAsync(NewTurn("turn_1", a));

        var first = await Store.ListAsync("acme", offset: 0, limit: 2);
        var second = await Store.ListAsync("acme", offset: 2, limit: 2);

        Assert.Equal(3, first.Total);
        Assert.Equal(["conv_a", "conv_c"], first.Items.Select(c => c.Id));
        Assert.Equal(["conv_b"], second.Items.Select(c => c.Id));
        Assert.Equal(3, second.Total);
        Assert.Equal(["conv_other"], (await Store.ListAsync("globex", 0, 10)).Items.Select(c => c.Id));
    }

    [StoreFact]
    public async Task Delete_removes_the_conversation_with_its_turns_and_feedback_for_its_tenant_only()
    {
        var conversation = await NewConversationAsync("conv_a");
        await Store.AddTurnAsync(NewTurn("turn_1", conversation));
        await Store.SetFeedbackAsync(new TurnFeedback("turn_1", "acme", FeedbackRating.Up, null, null, Time.GetUtcNow()));

        Assert.False(await Store.DeleteAsync("globex", "conv_a"));
        Assert.NotNull(await Store.GetAsync("acme", "conv_a"));

        Assert.True(await Store.DeleteAsync("acme", "conv_a"));
        Assert.Null(await Store.GetAsync("acme", "conv_a"));
        Assert.Empty(await Store.GetTurnsAsync("acme", "conv_a"));
        Assert.Null(await Store.GetFeedbackAsync("acme", "turn_1"));
        Assert.Empty(await Store.ListApprovedAsync("acme", null));
        Assert.False(await Store.DeleteAsync("acme", "conv_a"));
    }

    [StoreFact]
    public async Task Retention_deletes_conversations_inactive_before_the_cutoff_in_every_tenant_with_their_turns()
    {
        var old = await NewConversationAsync("conv_old");
        await Store.AddTurnAsync(NewTurn("turn_old", old));
        await NewConversationAsync("conv_old_globex", tenant: "globex");
        var cutoff = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromMinutes(1));
        var recent = await NewConversationAsync("conv_recent");

        // A turn moves the activity time: this conversation was created before the cutoff but answered after it.
        var revived = new Conversation("conv_revived", "acme", null, Start.AddDays(-30), Start.AddDays(-30));
        await Store.CreateAsync(revived);
        await Store.AddTurnAsync(NewTurn("turn_revived", revived));

        Assert.Equal(2, await Store.DeleteInactiveAsync(cutoff, keepWithFeedback: true, limit: 100));

        Assert.Null(await Store.GetAsync("acme", "conv_old"));
        Assert.Null(await Store.GetAsync("globex", "conv_old_globex"));
        Assert.Empty(await Store.GetTurnsAsync("acme", "conv_old"));
        Assert.Null(await Store.GetTurnAsync("acme", "turn_old"));
        Assert.Equal(recent, await Store.GetAsync("acme", "conv_recent"));
        Assert.NotNull(await Store.GetAsync("acme", "conv_revived"));
        Assert.Single(await Store.GetTurnsAsync("acme", "conv_revived"));
        Assert.Equal(0, await Store.DeleteInactiveAsync(cutoff, keepWithFeedback: true, limit: 100));
    }

    [StoreFact]
    public async Task Retention_keeps_conversations_with_feedback_unless_asked_not_to()
    {
        var rated = await NewConversationAsync("conv_rated");
        await Store.AddTurnAsync(NewTurn("turn_rated", rated));
        await Store.AddTurnAsync(NewTurn("turn_unrated", rated));
        await Store.SetFeedbackAsync(new TurnFeedback("turn_rated", "acme", FeedbackRating.Down, "Adults take 1 g.", null, Time.GetUtcNow()));
        var plain = await NewConversationAsync("conv_plain");
        await Store.AddTurnAsync(NewTurn("turn_plain", plain));
        var cutoff = Time.GetUtcNow().AddMinutes(1);

        Assert.Equal(1, await Store.DeleteInactiveAsync(cutoff, keepWithFeedback: true, limit: 100));
        Assert.NotNull(await Store.GetAsync("acme", "conv_rated"));
        Assert.Null(await Store.GetAsync("acme", "conv_plain"));
        Assert.Single(await Store.ListApprovedAsync("acme", null));

        Assert.Equal(1, await Store.DeleteInactiveAsync(cutoff, keepWithFeedback: false, limit: 100));
        Assert.Null(await Store.GetAsync("acme", "conv_rated"));
        Assert.Null(await Store.GetFeedbackAsync("acme", "turn_rated"));
        Assert.Empty(await Store.ListApprovedAsync("acme", null));
    }

    [StoreFact]
    public async Task Retention_deletes_at_most_the_limit_oldest_first()
    {
        for (var i = 0; i < 5; i++)
        {
            await NewConversationAsync($"conv_{i}");
        }

        Assert.Equal(3, await Store.DeleteInactiveAsync(Time.GetUtcNow(), keepWithFeedback: true, limit: 3));

        var left = await Store.ListAsync("acme", 0, 10);
        Assert.Equal(["conv_4", "conv_3"], left.Items.Select(c => c.Id));
        Assert.Equal(2, await Store.DeleteInactiveAsync(Time.GetUtcNow(), keepWithFeedback: true, limit: 3));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.DeleteInactiveAsync(Time.GetUtcNow(), keepWithFeedback: true, limit: 0));
    }

    [StoreFact]
    public async Task Feedback_is_stored_per_turn_replaced_by_newer_feedback_and_refused_for_another_tenants_turn()
    {
        var conversation = await NewConversationAsync("conv_a");
        await Store.AddTurnAsync(NewTurn("turn_1", conversation));
        var first = new TurnFeedback("turn_1", "acme", FeedbackRating.Down, null, "wrong dose", Time.GetUtcNow());
        var second = new TurnFeedback("turn_1", "acme", FeedbackRating.Down, "Adults take 1 g.", null, Time.GetUtcNow().AddMinutes(1));

        Assert.True(await Store.SetFeedbackAsync(first));
        Assert.Equal(first, await Store.GetFeedbackAsync("acme", "turn_1"));
        Assert.True(await Store.SetFeedbackAsync(second));
        Assert.Equal(second, await Store.GetFeedbackAsync("acme", "turn_1"));

        Assert.False(await Store.SetFeedbackAsync(second with { Tenant = "globex", Rating = FeedbackRating.Up }));
        Assert.False(await Store.SetFeedbackAsync(second with { TurnId = "turn_missing" }));
        Assert.Null(await Store.GetFeedbackAsync("globex", "turn_1"));
        Assert.Equal(second, await Store.GetFeedbackAsync("acme", "turn_1"));
    }

    [StoreFact]
    public async Task Usage_totals_are_summed_per_collection_from_the_tenants_turns()
    {
        var conversation = await NewConversationAsync("conv_a");
        var other = await NewConversationAsync("conv_b", tenant: "globex");
        await Store.AddTurnAsync(NewTurn("turn_1", conversation, usage: new AnswerUsage(100, 20, 10, 200)));
        await Store.AddTurnAsync(NewTurn("turn_2", conversation, usage: new AnswerUsage(50, 5, 2.5, 100.5)));
        await Store.AddTurnAsync(NewTurn("turn_3", conversation, collection: "faq", usage: new AnswerUsage(7, 3, 1, 1)));
        await Store.AddTurnAsync(NewTurn("turn_4", conversation, collection: null, usage: new AnswerUsage(1, 1, 1, 1)));
        await Store.AddTurnAsync(NewTurn("turn_5", other, usage: new AnswerUsage(999, 999, 999, 999)));

        var all = await Store.GetUsageAsync("acme", null);
        var manuals = await Store.GetUsageAsync("acme", "manuals");

        Assert.Equal(new CollectionUsage("manuals", 2, 150, 25, 12.5, 300.5), Assert.Single(manuals));
        Assert.Equal(3, all.Count);
        Assert.Contains(new CollectionUsage("faq", 1, 7, 3, 1, 1), all);
        Assert.Contains(new CollectionUsage(null, 1, 1, 1, 1, 1), all);
        Assert.Empty(await Store.GetUsageAsync("acme", "nothing-asked"));
    }

    [StoreFact]
    public async Task Usage_totals_keep_what_retention_deleted_and_add_new_turns_to_it_but_drop_a_deleted_conversation()
    {
        var old = await NewConversationAsync("conv_old");
        await Store.AddTurnAsync(NewTurn("turn_1", old, usage: new AnswerUsage(100, 20, 10, 200)));
        await Store.AddTurnAsync(NewTurn("turn_2", old, collection: null, usage: new AnswerUsage(1, 1, 1, 1)));
        var older = await NewConversationAsync("conv_older", tenant: "globex");
        await Store.AddTurnAsync(NewTurn("turn_g", older, usage: new AnswerUsage(999, 999, 999, 999)));
        var cutoff = Time.GetUtcNow().AddSeconds(1);
        Time.Advance(TimeSpan.FromMinutes(1));
        var before = await Store.GetUsageAsync("acme", null);

        Assert.Equal(2, await Store.DeleteInactiveAsync(cutoff, keepWithFeedback: true, limit: 100));
        Assert.Equal(before, await Store.GetUsageAsync("acme", null));
        Assert.Equal([new CollectionUsage("manuals", 1, 999, 999, 999, 999)], await Store.GetUsageAsync("globex", null));

        var recent = await NewConversationAsync("conv_recent");
        await Store.AddTurnAsync(NewTurn("turn_3", recent, usage: new AnswerUsage(50, 5, 2.5, 100.5)));
        var manuals = await Store.GetUsageAsync("acme", "manuals");
        Assert.Equal(new CollectionUsage("manuals", 2, 150, 25, 12.5, 300.5), Assert.Single(manuals));
        Assert.Contains(new CollectionUsage(null, 1, 1, 1, 1, 1), await Store.GetUsageAsync("acme", null));

        // Deleting a conversation on purpose takes its turns out of the totals, as before retention existed.
        Assert.True(await Store.DeleteAsync("acme", "conv_recent"));
        Assert.Equal(new CollectionUsage("manuals", 1, 100, 20, 10, 200), Assert.Single(await Store.GetUsageAsync("acme", "manuals")));
    }

    [StoreFact]
    public async Task Approved_turns_are_thumbs_up_or_corrected_and_carry_the_corrected_answer()
    {
        var conversation = await NewConversationAsync("conv_a");
        foreach (var id in new[] { "turn_up", "turn_down", "turn_corrected", "turn_none", "turn_faq" })
        {
            await Store.AddTurnAsync(NewTurn(id, conversation, collection: id == "turn_faq" ? "faq" : "manuals"));
        }

        var now = Time.GetUtcNow();
        await Store.SetFeedbackAsync(new TurnFeedback("turn_up", "acme", FeedbackRating.Up, null, null, now));
        await Store.SetFeedbackAsync(new TurnFeedback("turn_down", "acme", FeedbackRating.Down, "  ", "bad", now));
        await Store.SetFeedbackAsync(new TurnFeedback("turn_corrected", "acme", FeedbackRating.Down, "Adults take 1 g [1].", null, now));
        await Store.SetFeedbackAsync(new TurnFeedback("turn_faq", "acme", FeedbackRating.Up, null, null, now));

        var approved = await Store.ListApprovedAsync("acme", "manuals");

        Assert.Equal(["turn_up", "turn_corrected"], approved.Select(a => a.Turn.Id));
        Assert.Equal("Adults take 500 mg [1].", approved[0].Answer);
        Assert.Equal("Adults take 1 g [1].", approved[1].Answer);
        Assert.Equal(3, (await Store.ListApprovedAsync("acme", null)).Count);
        Assert.Empty(await Store.ListApprovedAsync("globex", null));
    }
}
