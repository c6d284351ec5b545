using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// Term ids for the sparse vectors, free of collisions. Qdrant's sparse indices are 32-bit, and any 32-bit hash of
/// 10 million distinct terms would give about n²/2³³ ≈ 11,600 colliding pairs, each pair matching the other's
/// documents. So ids are slots in a table kept in Qdrant itself (the collection <c>&lt;prefix&gt;terms</c>, shared by
/// every model and every reindex): a term's candidate slots follow from SHA-256 of its UTF-8 bytes (double hashing
/// over 2³²), and a term owns the first candidate slot that holds it. A new term claims the first free one with an
/// insert-only write (Qdrant's <c>update_mode = insert_only</c>, so of two processes claiming one slot exactly one
/// wins) and reads the slot back; a loser moves to its next slot. A slot is never freed or reused, so a term's id
/// never changes, and the table holds one point per distinct term ever indexed. Searches only look terms up: a term
/// with no slot matches no chunk and is left out of the query.
/// </summary>
internal sealed class QdrantTermDictionary
{
    /// <summary>Payload field holding the term of a slot.</summary>
    public const string TermField = "term";

    /// <summary>Ids remembered per process; beyond this the memory starts over (a lookup costs one read of the table).</summary>
    public const int MaxCached = 500_000;

    /// <summary>Candidate slots tried per term before giving up: at a few million terms in 2³² slots, the second is rarely needed.</summary>
    public const int MaxProbes = 32;

    private readonly QdrantCalls calls;
    private readonly QdrantIndexOptions options;
    private readonly Func<string, int, uint> slotOf;
    private readonly ConcurrentDictionary<string, uint> cache = new(StringComparer.Ordinal);
    private readonly Lock readyLock = new();
    private Task? ready;

    public QdrantTermDictionary(QdrantCalls calls, QdrantIndexOptions options, Func<string, int, uint>? slotOf = null)
    {
        this.calls = calls;
        this.options = options;
        this.slotOf = slotOf ?? Slot;
        Collection = options.CollectionPrefix + "terms";
    }

    public string Collection { get; }

    /// <summary>The probe-th candidate slot of a term: h1 + probe·h2 (mod 2³²), h2 odd so that every slot is reachable.</summary>
    public static uint Slot(string term, int probe)
    {
        ArgumentNullException.ThrowIfNull(term);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(term));
        var h1 = BitConverter.ToUInt32(hash, 0);
        var h2 = BitConverter.ToUInt32(hash, 4) | 1u;
        return unchecked(h1 + ((uint)probe * h2));
    }

    /// <summary>
    /// The id of each term; with <paramref name="assign"/> a term without one gets one, otherwise it is missing from
    /// the answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, uint>> ResolveAsync(IEnumerable<string> terms, bool assign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var result = new Dictionary<string, uint>(StringComparer.Ordinal);
        var probes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in terms.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (cache.TryGetValue(term, out var id))
            {
                result[term] = id;
            }
            else
            {
                probes[term] = 0;
            }
        }

        if (probes.Count == 0)
        {
            return result;
        }

        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        for (var round = 0; probes.Count > 0; round++)
        {
            if (round > 2 * MaxProbes)
            {
                // Claims that never read back mean a server that ignores insert-only writes or loses them.
                throw new InvalidOperationException($"Term slots claimed in '{Collection}' do not read back; Qdrant 1.20 or later is needed.");
            }

            var slots = probes.ToDictionary(p => p.Key, p => slotOf(p.Key, p.Value), StringComparer.Ordinal);
            var owners = await OwnersAsync(slots.Values, cancellationToken).ConfigureAwait(false);
            var claims = new Dictionary<uint, string>();
            foreach (var (term, slot) in slots)
            {
                if (owners.TryGetValue(slot, out var owner))
                {
                    if (string.Equals(owner, term, StringComparison.Ordinal))
                    {
                        Remember(term, slot);
                        result[term] = slot;
                        probes.Remove(term);
                    }
                    else if (++probes[term] >= MaxProbes)
                    {
                        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"No free term slot in {MaxProbes} probes in '{Collection}'; the term table is corrupt or full."));
                    }
                }
                else if (!assign)
                {
                    probes.Remove(term);
                }
                else
                {
                    // One claim per slot and round; a term that shares a free slot with another this round looks again next round.
                    claims.TryAdd(slot, term);
                }
            }

            if (claims.Count > 0)
            {
                var insert = QdrantRequests.ClaimTerms(Collection, claims);
                await calls.RunAsync("claim terms", (c, o) => c.Points.UpsertAsync(insert, o), cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    private async Task<Dictionary<uint, string>> OwnersAsync(IEnumerable<uint> slots, CancellationToken cancellationToken)
    {
        var request = QdrantRequests.TermSlots(Collection, slots, options);
        var response = await calls.RunAsync("read term slots", (c, o) => c.Points.GetAsync(request, o), cancellationToken).ConfigureAwait(false);
        var owners = new Dictionary<uint, string>();
        foreach (var point in response.Result)
        {
            if (point.Payload.TryGetValue(TermField, out var term) && term.KindCase == Value.KindOneofCase.StringValue)
            {
                owners[(uint)point.Id.Num] = term.StringValue;
            }
        }

        return owners;
    }

    private void Remember(string term, uint slot)
    {
        if (cache.Count >= MaxCached)
        {
            cache.Clear();
        }

        cache[term] = slot;
    }

    /// <summary>Creates the table on first use (every process may try; "exists" is success); a failed attempt is tried again next time.</summary>
    private Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        lock (readyLock)
        {
            if (ready is null || ready.IsFaulted || ready.IsCanceled)
            {
                ready = CreateIfMissingAsync();
            }

            return ready.WaitAsync(cancellationToken);
        }
    }

    private async Task CreateIfMissingAsync()
    {
        var exists = await calls.RunAsync(
            "term table exists", (c, o) => c.Collections.CollectionExistsAsync(new CollectionExistsRequest { CollectionName = Collection }, o), CancellationToken.None).ConfigureAwait(false);
        if (exists.Result?.Exists == true)
        {
            return;
        }

        try
        {
            var create = QdrantRequests.CreateTermTable(Collection, options);
            await calls.RunAsync("create term table", (c, o) => c.Collections.CreateAsync(create, o), CancellationToken.None).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.AlreadyExists or StatusCode.InvalidArgument)
        {
            // Another process created it first.
        }
    }
}
