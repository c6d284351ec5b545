using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant.Tests;

/// <summary>The term table that gives sparse vectors collision-free 32-bit term ids, against <see cref="FakeQdrant"/>.</summary>
public sealed class QdrantTermDictionaryTests
{
    private readonly RecordingCallInvoker invoker = new();
    private readonly FakeQdrant qdrant;
    private readonly QdrantIndexOptions options = new() { Url = "http://q:6334", CollectionPrefix = "kh_" };

    public QdrantTermDictionaryTests() => qdrant = new FakeQdrant(invoker, 4);

    [Fact]
    public async Task Terms_whose_hashes_collide_get_different_ids_and_keep_them()
    {
        // Every term's first candidate slot is 7: the collision a 32-bit hash would leave in place.
        var dictionary = Dictionary((term, probe) => probe == 0 ? 7u : QdrantTermDictionary.Slot(term, probe));

        var first = await dictionary.ResolveAsync(["pump", "valve", "seal"], assign: true, CancellationToken.None);
        var again = await Dictionary((term, probe) => probe == 0 ? 7u : QdrantTermDictionary.Slot(term, probe))
            .ResolveAsync(["seal", "valve", "pump"], assign: false, CancellationToken.None);

        Assert.Equal(3, first.Values.Distinct().Count());
        Assert.Equal(first.OrderBy(p => p.Key, StringComparer.Ordinal), again.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(first.ToDictionary(p => p.Value, p => p.Key), qdrant.Terms());
    }

    [Fact]
    public async Task Two_processes_claiming_the_same_slot_for_different_terms_end_with_one_term_per_id()
    {
        var slot = (Func<string, int, uint>)((term, probe) => probe == 0 ? 42u : QdrantTermDictionary.Slot(term, probe));
        var other = Dictionary(slot);
        var claimedByOther = (IReadOnlyDictionary<string, uint>?)null;
        var calls = 0;
        qdrant.BeforeCall = method =>
        {
            // The other process claims slot 42 for its term just before this process's claim is written.
            if (method == "/qdrant.Points/Upsert" && calls++ == 0)
            {
                claimedByOther = other.ResolveAsync(["boiler"], assign: true, CancellationToken.None).GetAwaiter().GetResult();
            }
        };

        var mine = await Dictionary(slot).ResolveAsync(["pump"], assign: true, CancellationToken.None);

        Assert.Equal(42u, claimedByOther!["boiler"]);
        Assert.NotEqual(42u, mine["pump"]);
        Assert.Equal("boiler", qdrant.Terms()[42]);
        Assert.Equal("pump", qdrant.Terms()[mine["pump"]]);
        Assert.All(invoker.Requests<UpsertPoints>(), u => Assert.Equal(UpdateMode.InsertOnly, u.UpdateMode));
    }

    [Fact]
    public async Task Looking_up_a_term_never_indexed_writes_nothing_and_gives_it_no_id()
    {
        await Dictionary().ResolveAsync(["pump"], assign: true, CancellationToken.None);
        invoker.Calls.Clear();

        var found = await Dictionary().ResolveAsync(["pump", "zeppelin"], assign: false, CancellationToken.None);

        Assert.Equal(["pump"], found.Keys);
        Assert.Empty(invoker.Requests<UpsertPoints>());
        Assert.Single(qdrant.Terms());
    }

    [Fact]
    public async Task Known_ids_are_remembered_so_a_second_lookup_asks_the_server_nothing()
    {
        var dictionary = Dictionary();
        await dictionary.ResolveAsync(["pump", "valve"], assign: true, CancellationToken.None);
        invoker.Calls.Clear();

        var again = await dictionary.ResolveAsync(["valve", "pump"], assign: false, CancellationToken.None);

        Assert.Equal(2, again.Count);
        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public void Candidate_slots_of_a_term_are_fixed_and_spread_over_the_whole_32_bit_range()
    {
        // Stored sparse vectors use the slots: the hash and the probe step must never change between releases.
        var slots = Enumerable.Range(0, 4).Select(p => QdrantTermDictionary.Slot("pump", p)).ToList();

        Assert.Equal(slots, Enumerable.Range(0, 4).Select(p => QdrantTermDictionary.Slot("pump", p)));
        Assert.Equal(4, slots.Distinct().Count());
        Assert.Equal(unchecked(slots[1] - slots[0]), unchecked(slots[2] - slots[1]));
        Assert.Equal(1u, unchecked(slots[1] - slots[0]) & 1u);
    }

    private QdrantTermDictionary Dictionary(Func<string, int, uint>? slot = null) =>
        new(new QdrantCalls(new QdrantGrpcClient(invoker), options, TimeProvider.System, NullLogger.Instance), options, slot);
}
