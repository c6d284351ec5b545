using System.Text;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Ingestion.Tests.Pipeline;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeHub.Ingestion.Tests.Documents;

/// <summary>
/// Idempotency keys on upload, decided by <see cref="DocumentService"/> on a real SQLite receipt store: the same request
/// again gets the first answer, a different request with the key is refused, and a key is free again after the window.
/// </summary>
public sealed class UploadKeyTests : IAsyncLifetime
{
    private const string Tenant = "acme";

    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private ServiceProvider services = null!;

    private DocumentService Documents => services.GetRequiredService<DocumentService>();

    public async Task InitializeAsync()
    {
        var collection = PipelineServices.Collection(folder, new HashingEncoder());
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddSingleton<IIngestionQueue, NoQueue>();
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
        await services.GetRequiredService<IDocumentStore>().InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task A_new_key_proceeds_and_the_same_request_again_replays_the_kept_answer()
    {
        var first = await CheckAsync("key-1", "The pump is serviced every spring.");
        Assert.Equal((UploadKeyOutcome.Proceed, (UploadReceipt?)null), (first.Outcome, first.Receipt));

        var kept = await Documents.KeepUploadAnswerAsync(first, "doc_1", 202, """{"id":"doc_1"}""");
        Assert.Equal(UploadKeyOutcome.Proceed, kept.Outcome);

        clock.Advance(TimeSpan.FromHours(1));
        var again = await CheckAsync("key-1", "The pump is serviced every spring.");

        Assert.Equal(UploadKeyOutcome.Replay, again.Outcome);
        Assert.Equal(("doc_1", 202, """{"id":"doc_1"}"""), (again.Receipt!.DocumentId, again.Receipt.StatusCode, again.Receipt.ResponseBody));
    }

    [Theory]
    [InlineData("Different bytes.", "memo.txt", "default", "", "")]
    [InlineData("The pump is serviced every spring.", "other.txt", "default", "", "")]
    [InlineData("The pump is serviced every spring.", "memo.txt", "manuals", "", "")]
    [InlineData("The pump is serviced every spring.", "memo.txt", "default", "ext-9", "")]
    [InlineData("The pump is serviced every spring.", "memo.txt", "default", "", "pumps")]
    public async Task The_same_key_with_different_content_or_fields_conflicts(string text, string fileName, string collection, string externalId, string tags)
    {
        var first = await CheckAsync("key-2", "The pump is serviced every spring.");
        await Documents.KeepUploadAnswerAsync(first, "doc_2", 202, "{}");

        var other = await CheckAsync("key-2", text, fileName, collection, externalId, tags.Length == 0 ? [] : [tags]);

        Assert.Equal(UploadKeyOutcome.Conflict, other.Outcome);
        Assert.Equal("doc_2", other.Receipt!.DocumentId);
    }

    [Fact]
    public async Task A_key_is_free_again_once_its_receipt_is_older_than_the_window()
    {
        var first = await CheckAsync("key-3", "First upload.");
        await Documents.KeepUploadAnswerAsync(first, "doc_3", 202, "{}");

        clock.Advance(UploadKeys.Window + TimeSpan.FromMinutes(1));
        var later = await CheckAsync("key-3", "A different upload a day later.");
        Assert.Equal(UploadKeyOutcome.Proceed, later.Outcome);

        // The expired receipt is replaced by the new answer, which repeats of the new request now get.
        await Documents.KeepUploadAnswerAsync(later, "doc_4", 202, "{}");
        var repeat = await CheckAsync("key-3", "A different upload a day later.");
        Assert.Equal((UploadKeyOutcome.Replay, "doc_4"), (repeat.Outcome, repeat.Receipt!.DocumentId));
    }

    [Fact]
    public async Task Keys_belong_to_one_tenant()
    {
        var first = await CheckAsync("key-4", "Shared text.");
        await Documents.KeepUploadAnswerAsync(first, "doc_5", 202, "{}");

        await using var body = Body("Shared text.");
        var elsewhere = await Documents.CheckUploadKeyAsync("globex", "key-4", body, "memo.txt", "default", "", []);

        Assert.Equal(UploadKeyOutcome.Proceed, elsewhere.Outcome);
    }

    [Fact]
    public async Task When_a_concurrent_request_kept_its_answer_first_the_later_one_gets_that_answer()
    {
        // Both checked before either kept an answer, as two requests racing with one key do.
        var same1 = await CheckAsync("key-5", "Race text.");
        var same2 = await CheckAsync("key-5", "Race text.");
        var different = await CheckAsync("key-5", "Other race text.");

        var winner = await Documents.KeepUploadAnswerAsync(same1, "doc_6", 202, """{"id":"doc_6"}""");
        var loser = await Documents.KeepUploadAnswerAsync(same2, "doc_7", 202, """{"id":"doc_7"}""");
        var refused = await Documents.KeepUploadAnswerAsync(different, "doc_8", 202, "{}");

        Assert.Equal((UploadKeyOutcome.Proceed, "doc_6"), (winner.Outcome, winner.Receipt!.DocumentId));
        Assert.Equal((UploadKeyOutcome.Replay, "doc_6"), (loser.Outcome, loser.Receipt!.DocumentId));
        Assert.Equal((UploadKeyOutcome.Conflict, "doc_6"), (refused.Outcome, refused.Receipt!.DocumentId));
    }

    [Fact]
    public async Task Only_an_upload_allowed_to_proceed_keeps_an_answer()
    {
        var first = await CheckAsync("key-6", "Text.");
        await Documents.KeepUploadAnswerAsync(first, "doc_9", 202, "{}");
        var replay = await CheckAsync("key-6", "Text.");

        await Assert.ThrowsAsync<ArgumentException>(() => Documents.KeepUploadAnswerAsync(replay, "doc_10", 202, "{}"));
    }

    [Theory]
    [InlineData("key-1", true)]
    [InlineData("", false)]
    [InlineData(" padded", false)]
    [InlineData("tab\there", false)]
    [InlineData("caf\u00e9", false)]
    public void A_key_is_1_to_255_printable_ascii_characters_without_spaces_at_the_ends(string key, bool valid) =>
        Assert.Equal(valid, UploadKeys.IsValid(key));

    [Fact]
    public async Task The_same_key_with_other_access_groups_or_metadata_is_a_conflict_and_without_them_matches_as_before()
    {
        await using (var body = Body("The pump is serviced every spring."))
        {
            var first = await Documents.CheckUploadKeyAsync(Tenant, "key-g", body, "memo.txt", "default", "", [], "groups:hr\nmetadata:");
            await Documents.KeepUploadAnswerAsync(first, "doc_1", 202, "{}");
        }

        await using var same = Body("The pump is serviced every spring.");
        await using var other = Body("The pump is serviced every spring.");
        await using var none = Body("The pump is serviced every spring.");
        var replay = await Documents.CheckUploadKeyAsync(Tenant, "key-g", same, "memo.txt", "default", "", [], "groups:hr\nmetadata:");
        var conflict = await Documents.CheckUploadKeyAsync(Tenant, "key-g", other, "memo.txt", "default", "", [], "groups:board\nmetadata:");
        var plain = await Documents.CheckUploadKeyAsync(Tenant, "key-g", none, "memo.txt", "default", "", []);

        Assert.Equal(
            (UploadKeyOutcome.Replay, UploadKeyOutcome.Conflict, UploadKeyOutcome.Conflict),
            (replay.Outcome, conflict.Outcome, plain.Outcome));
    }

    [Fact]
    public void A_key_longer_than_255_characters_is_invalid() =>
        Assert.Equal((true, false), (UploadKeys.IsValid(new string('k', 255)), UploadKeys.IsValid(new string('k', 256))));

    private async Task<UploadKeyDecision> CheckAsync(
        string key, string text, string fileName = "memo.txt", string collection = "default", string externalId = "", IReadOnlyList<string>? tags = null)
    {
        await using var body = Body(text);
        return await Documents.CheckUploadKeyAsync(Tenant, key, body, fileName, collection, externalId, tags ?? []);
    }

    private static MemoryStream Body(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>The job system's seam, which deciding on a key never reaches: nothing here is uploaded.</summary>
    private sealed class NoQueue : IIngestionQueue
    {
        public void Enqueue(DocumentRecord document) => throw new InvalidOperationException("Deciding on a key queues nothing.");

        public IDisposable LockRequeue(TimeSpan timeout) => throw new InvalidOperationException("Deciding on a key re-queues nothing.");

        public HashSet<string> DocumentsWithPendingJobs() => [];
    }
}
