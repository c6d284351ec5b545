namespace KnowledgeHub.Infra.Onnx;

/// <summary>
/// Token ids of several texts laid out as the row-major <c>rows × sequence</c> tensors a BERT graph takes,
/// padded to the longest row of this batch only.
/// </summary>
internal sealed class PaddedBatch
{
    private PaddedBatch(int rows, int sequence)
    {
        Rows = rows;
        Sequence = sequence;
        InputIds = new long[rows * sequence];
        AttentionMask = new long[rows * sequence];
        TokenTypeIds = new long[rows * sequence];
        TokenCounts = new int[rows];
    }

    public int Rows { get; }

    public int Sequence { get; }

    public long[] InputIds { get; }

    public long[] AttentionMask { get; }

    // 0 for a single text; a pair (cross-encoder) marks its second text's segment.
    public long[] TokenTypeIds { get; }

    public int[] TokenCounts { get; }

    public long[] Shape => [Rows, Sequence];

    /// <param name="typeIds">Each row's token types (same lengths as <paramref name="rows"/>); null leaves them 0.</param>
    public static PaddedBatch Create(IReadOnlyList<IReadOnlyList<int>> rows, int paddingId, IReadOnlyList<IReadOnlyList<int>>? typeIds = null)
    {
        var sequence = 0;
        foreach (var row in rows)
        {
            sequence = Math.Max(sequence, row.Count);
        }

        var batch = new PaddedBatch(rows.Count, sequence);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var start = r * sequence;
            batch.TokenCounts[r] = row.Count;
            for (var t = 0; t < sequence; t++)
            {
                var real = t < row.Count;
                batch.InputIds[start + t] = real ? row[t] : paddingId;
                batch.AttentionMask[start + t] = real ? 1 : 0;
                batch.TokenTypeIds[start + t] = real && typeIds is not null ? typeIds[r][t] : 0;
            }
        }

        return batch;
    }
}
