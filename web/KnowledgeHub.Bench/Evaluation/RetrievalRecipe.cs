using System.Globalization;
using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Bench.Evaluation;

/// <summary>One input of a recipe: a document ranking (see <see cref="EvaluationSignals"/>) and its weight.</summary>
public sealed record RecipeMember(string Signal, double Weight);

/// <summary>
/// A retrieval configuration the evaluation can run, written as text so new ones need no code:
/// a signal alone (<c>bm25</c>, <c>dense-prf</c>), or a fusion of signals
/// <c>rrf60:bm25+dense</c>, <c>rrf20:bm25*0.5+dense@100</c> (reciprocal rank fusion, k, optional weights),
/// <c>wsum:bm25*0.3+dense*0.7</c> (min-max normalised scores), <c>zsum:bm25+dense</c> (standardised scores),
/// <c>azsum:bm25+dense</c> (standardised, each list's weight scaled per query by its best candidate's z-score).
/// <c>@N</c> keeps the top N documents of each input before fusing.
/// <c>rescore50:dense-sent*0.5:zsum:bm25+dense-prf</c> re-scores the top 50 documents of the recipe after the second
/// colon: their fused scores and the re-scoring signal's scores, both standardised over those 50, are summed with
/// the given weight (the product's re-scoring seam does the same to its top chunks); the rest keep their order.
/// </summary>
public sealed record RetrievalRecipe(string Name, string Method, int RrfK, IReadOnlyList<RecipeMember> Members, int Depth)
{
    /// <summary>The recipe whose top <see cref="RescoreDepth"/> documents the last member re-scores; null for other methods.</summary>
    public RetrievalRecipe? Base { get; init; }

    public int RescoreDepth { get; init; }

    /// <summary>
    /// The evaluation's "hybrid" row: what the embedded index's hybrid search does (z-score fusion, dense side
    /// searched again with Rocchio feedback), applied to document rankings. Before issue 4: <c>rrf60:bm25+dense</c>.
    /// </summary>
    public const string DefaultHybrid = "zsum:bm25+dense-prf";

    public bool IsFusion => Method != "signal";

    public static RetrievalRecipe Parse(string spec, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        spec = spec.Trim();
        name ??= spec;
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return new RetrievalRecipe(name, "signal", 0, [new RecipeMember(spec, 1)], int.MaxValue);
        }

        var method = spec[..colon];
        var body = spec[(colon + 1)..];
        if (method.StartsWith("rescore", StringComparison.Ordinal))
        {
            return ParseRescore(spec, name, method, body);
        }

        var depth = int.MaxValue;
        var at = body.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            depth = ParseInt(body[(at + 1)..], spec);
            body = body[..at];
        }

        var members = body.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m =>
        {
            var star = m.IndexOf('*', StringComparison.Ordinal);
            return star < 0
                ? new RecipeMember(m, 1)
                : new RecipeMember(m[..star], double.TryParse(m[(star + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w >= 0
                    ? w
                    : throw new FormatException($"Bad weight in '{spec}'."));
        }).ToList();
        if (members.Count < 2)
        {
            throw new FormatException($"'{spec}': a fusion needs at least two signals joined by '+'.");
        }

        if (method.StartsWith("rrf", StringComparison.Ordinal))
        {
            var k = method.Length == 3 ? ReciprocalRankFusion.DefaultK : ParseInt(method[3..], spec);
            return new RetrievalRecipe(name, "rrf", k, members, depth);
        }

        return method is "wsum" or "zsum" or "azsum"
            ? new RetrievalRecipe(name, method, 0, members, depth)
            : throw new FormatException($"'{spec}': unknown fusion '{method}'; use rrf<k>, wsum, zsum or azsum.");
    }

    /// <summary>The fused document ids, best first.</summary>
    public IReadOnlyList<string> Fuse(IReadOnlyList<IReadOnlyList<ScoredId>> rankings, int top) =>
        FuseScored(rankings, top).Select(s => s.Id).ToList();

    private IReadOnlyList<ScoredId> FuseScored(IReadOnlyList<IReadOnlyList<ScoredId>> rankings, int top)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        if (Base is not null)
        {
            return Rescore(rankings, top);
        }

        var lists = rankings.Select(r => (IReadOnlyList<ScoredId>)r.Take(Depth).ToList()).ToList();
        if (!IsFusion)
        {
            return lists[0].Take(top).ToList();
        }

        var weights = Members.Select(m => m.Weight).ToArray();
        if (Method == "azsum")
        {
            // Per query, each list's weight is scaled by how far its best candidate stands above the list (its top
            // z-score): a list that is sure of one candidate counts more than one whose scores are flat.
            var confidence = lists.Select(TopZ).ToArray();
            var mean = confidence.Average();
            weights = [.. weights.Select((w, i) => mean > 0 ? w * confidence[i] / mean : w)];
        }

        RankFusion fusion = Method switch
        {
            "rrf" => new ReciprocalRankFusion(RrfK, weights),
            "wsum" => new WeightedScoreFusion(weights),
            _ => new ZScoreFusion(weights),
        };
        return fusion.Fuse(lists, top);
    }

    private static RetrievalRecipe ParseRescore(string spec, string name, string method, string body)
    {
        var depth = method.Length == 7 ? 50 : ParseInt(method[7..], spec);
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new FormatException($"'{spec}': write rescore<K>:<signal>[*weight]:<recipe>.");
        }

        var signal = body[..colon].Trim();
        var weight = 1.0;
        var star = signal.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0)
        {
            weight = double.TryParse(signal[(star + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w >= 0
                ? w
                : throw new FormatException($"Bad weight in '{spec}'.");
            signal = signal[..star];
        }

        var inner = Parse(body[(colon + 1)..]);
        return new RetrievalRecipe(name, "rescore", 0, [.. inner.Members, new RecipeMember(signal, weight)], int.MaxValue)
        {
            Base = inner,
            RescoreDepth = depth,
        };
    }

    // Standardised over the re-scored head only, as the product's seam sees just those candidates.
    private IReadOnlyList<ScoredId> Rescore(IReadOnlyList<IReadOnlyList<ScoredId>> rankings, int top)
    {
        var fused = Base!.FuseScored(rankings.Take(rankings.Count - 1).ToList(), Math.Max(top, RescoreDepth));
        var head = fused.Take(RescoreDepth).ToList();
        var ids = head.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        var signal = rankings[^1].Where(s => ids.Contains(s.Id)).ToList();
        var rescored = new ZScoreFusion(1, Members[^1].Weight).Fuse([head, signal], head.Count);
        return [.. rescored.Concat(fused.Skip(head.Count)).Take(top)];
    }

    private static double TopZ(IReadOnlyList<ScoredId> list)
    {
        if (list.Count < 2)
        {
            return 1;
        }

        var mean = list.Average(c => c.Score);
        var sd = Math.Sqrt(list.Average(c => (c.Score - mean) * (c.Score - mean)));
        return sd > 0 ? Math.Max((list[0].Score - mean) / sd, 0.1) : 1;
    }

    private static int ParseInt(string value, string spec) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"'{spec}': '{value}' is not a positive whole number.");
}
