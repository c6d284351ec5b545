using Microsoft.ML.Tokenizers;

namespace KnowledgeHub.Infra.Onnx.Folders;

/// <summary>
/// A model's tokenizer as its graph expects it: the text's ids (from Microsoft.ML.Tokenizers, without special tokens)
/// inside the model's special-token template, truncated to a token budget that includes the special tokens.
/// </summary>
internal sealed class SequenceTokenizer
{
    private readonly Func<string, int, IReadOnlyList<int>> encode;
    private readonly Func<string, int> count;

    public SequenceTokenizer(Func<string, int, IReadOnlyList<int>> encode, Func<string, int> count, TokenTemplate template, int paddingId, string kind)
    {
        this.encode = encode;
        this.count = count;
        Template = template;
        PaddingId = paddingId;
        Kind = kind;
    }

    public TokenTemplate Template { get; }

    public int PaddingId { get; }

    /// <summary>"WordPiece", "BPE" or "Unigram": what the tokenizer's file declared.</summary>
    public string Kind { get; }

    /// <summary>A tokenizer without special tokens of its own (BPE, Unigram) placed in <paramref name="template"/>.</summary>
    public static SequenceTokenizer For(Tokenizer tokenizer, TokenTemplate template, int paddingId, string kind) => new(
        (text, max) => tokenizer.EncodeToIds(text, max, out _, out _),
        text => tokenizer.CountTokens(text),
        template,
        paddingId,
        kind);

    /// <summary>A BERT tokenizer: its own [CLS]/[SEP] are left to <paramref name="template"/>.</summary>
    public static SequenceTokenizer For(BertTokenizer tokenizer, TokenTemplate template) => new(
        (text, max) => tokenizer.EncodeToIds(text, max, addSpecialTokens: false, out _, out _),
        text => tokenizer.CountTokens(text),
        template,
        tokenizer.PaddingTokenId,
        "WordPiece");

    /// <summary>Tokens of the text alone, special tokens not counted.</summary>
    public int CountTokens(string text) => count(text);

    /// <summary>The text's ids in the single-text template, at most <paramref name="maxTokens"/> long.</summary>
    public IReadOnlyList<int> Encode(string text, int maxTokens)
    {
        var budget = Math.Max(0, maxTokens - TokenTemplate.SpecialCount(Template.Single));
        var ids = budget == 0 ? [] : encode(text, budget);
        var (result, _) = Fill(Template.Single, ids, []);
        return result;
    }

    /// <summary>
    /// Ids and token types of a pair, at most <paramref name="maxTokens"/> long: the longer text loses its last tokens
    /// first until both fit, as Hugging Face's "longest_first" truncation does.
    /// </summary>
    public (IReadOnlyList<int> Ids, IReadOnlyList<int> TypeIds) EncodePair(string first, string second, int maxTokens)
    {
        var budget = Math.Max(0, maxTokens - TokenTemplate.SpecialCount(Template.Pair));
        var a = budget == 0 ? [] : encode(first, budget);
        var b = budget == 0 ? [] : encode(second, budget);
        var keepA = a.Count;
        var keepB = b.Count;
        while (keepA + keepB > budget)
        {
            if (keepA > keepB)
            {
                keepA--;
            }
            else
            {
                keepB--;
            }
        }

        return Fill(Template.Pair, [.. a.Take(keepA)], [.. b.Take(keepB)]);
    }

    private static (IReadOnlyList<int> Ids, IReadOnlyList<int> TypeIds) Fill(IReadOnlyList<TokenTemplate.Piece> pieces, IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var ids = new List<int>(a.Count + b.Count + 4);
        var types = new List<int>(ids.Capacity);
        foreach (var piece in pieces)
        {
            var part = piece.Ids ?? (piece.Text == 'A' ? a : b);
            ids.AddRange(part);
            types.AddRange(Enumerable.Repeat(piece.TypeId, part.Count));
        }

        return (ids, types);
    }
}
