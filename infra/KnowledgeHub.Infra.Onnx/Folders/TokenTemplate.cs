namespace KnowledgeHub.Infra.Onnx.Folders;

/// <summary>
/// Where a model's special tokens go around one text or a pair of texts (a tokenizer.json post-processor):
/// each piece is either special token ids or the place of text A or B, with the segment (token type) it belongs to.
/// </summary>
internal sealed record TokenTemplate(IReadOnlyList<TokenTemplate.Piece> Single, IReadOnlyList<TokenTemplate.Piece> Pair)
{
    /// <summary>No special tokens at all (GPT-2 style byte-level models).</summary>
    public static TokenTemplate None { get; } = new([Piece.A(0)], [Piece.A(0), Piece.B(1)]);

    /// <summary>[CLS] A [SEP] and [CLS] A [SEP] B [SEP] with B in segment 1.</summary>
    public static TokenTemplate Bert(int cls, int sep) => new(
        [Piece.Special(cls, 0), Piece.A(0), Piece.Special(sep, 0)],
        [Piece.Special(cls, 0), Piece.A(0), Piece.Special(sep, 0), Piece.B(1), Piece.Special(sep, 1)]);

    /// <summary>&lt;s&gt; A &lt;/s&gt; and &lt;s&gt; A &lt;/s&gt;&lt;/s&gt; B &lt;/s&gt;, one segment.</summary>
    public static TokenTemplate Roberta(int cls, int sep) => new(
        [Piece.Special(cls, 0), Piece.A(0), Piece.Special(sep, 0)],
        [Piece.Special(cls, 0), Piece.A(0), Piece.Special(sep, 0), Piece.Special(sep, 0), Piece.B(0), Piece.Special(sep, 0)]);

    public static int SpecialCount(IReadOnlyList<Piece> pieces) => pieces.Sum(p => p.Ids?.Count ?? 0);

    /// <param name="Ids">The special token ids; null for a text's place.</param>
    /// <param name="Text">'A' or 'B' for a text's place; '\0' for special tokens.</param>
    internal sealed record Piece(IReadOnlyList<int>? Ids, char Text, int TypeId)
    {
        public static Piece A(int typeId) => new(null, 'A', typeId);

        public static Piece B(int typeId) => new(null, 'B', typeId);

        public static Piece Special(int id, int typeId) => new([id], '\0', typeId);
    }
}
