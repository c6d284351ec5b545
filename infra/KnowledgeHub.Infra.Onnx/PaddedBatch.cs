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

    // One segment only, so every type id stays 0.
    public long[] TokenTypeIds { get; }

    public int[] TokenCounts { get; }

    public long[] Shape => [Rows, Sequence];

    public static PaddedBatch Create(IReadOnlyList<IReadOnlyList<int>> rows, int paddingId)
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
            }
        }

        return batch;
    }
}
