using Microsoft.ML.OnnxRuntime;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>
/// Which of the transformer inputs a graph takes (input_ids and attention_mask always; token_type_ids and position_ids
/// when it has them), checked once at load so a graph that wants anything else fails at start with its name.
/// </summary>
internal sealed class GraphInputs
{
    private static readonly string[] Known =
        [OnnxTextEncoder.InputIdsName, OnnxTextEncoder.AttentionMaskName, OnnxTextEncoder.TokenTypeIdsName, OnnxTextEncoder.PositionIdsName];

    private GraphInputs(bool tokenTypes, bool positions)
    {
        TakesTokenTypes = tokenTypes;
        TakesPositions = positions;
    }

    public bool TakesTokenTypes { get; }

    public bool TakesPositions { get; }

    public static GraphInputs Check(InferenceSession session, string modelPath)
    {
        var inputs = session.InputMetadata.Keys.ToList();
        foreach (var name in inputs)
        {
            if (!Known.Contains(name, StringComparer.Ordinal))
            {
                throw new InvalidDataException(
                    $"'{modelPath}' takes an input named '{name}', which KnowledgeHub cannot fill (it fills {string.Join(", ", Known)}).");
            }
        }

        foreach (var required in (string[])[OnnxTextEncoder.InputIdsName, OnnxTextEncoder.AttentionMaskName])
        {
            if (!inputs.Contains(required, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"'{modelPath}' has no input '{required}' (its inputs: {string.Join(", ", inputs)}).");
            }
        }

        return new GraphInputs(inputs.Contains(OnnxTextEncoder.TokenTypeIdsName, StringComparer.Ordinal), inputs.Contains(OnnxTextEncoder.PositionIdsName, StringComparer.Ordinal));
    }

    /// <summary>
    /// Runs <paramref name="session"/> on the batch and returns the outputs (the caller disposes them). A run cut short
    /// by <paramref name="cancellationToken"/> (through <paramref name="runOptions"/>' Terminate) ends as cancelled.
    /// </summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(
        InferenceSession session, RunOptions runOptions, PaddedBatch batch, IReadOnlyCollection<string> outputNames, CancellationToken cancellationToken)
    {
        var (names, values) = Bind(batch);
        try
        {
            return session.Run(runOptions, names, values, outputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>The batch's tensors under the graph's input names; the caller disposes the values.</summary>
    private (string[] Names, OrtValue[] Values) Bind(PaddedBatch batch)
    {
        var names = new List<string> { OnnxTextEncoder.InputIdsName, OnnxTextEncoder.AttentionMaskName };
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(batch.InputIds, batch.Shape),
            OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, batch.Shape),
        };
        if (TakesTokenTypes)
        {
            names.Add(OnnxTextEncoder.TokenTypeIdsName);
            values.Add(OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds, batch.Shape));
        }

        if (TakesPositions)
        {
            var positions = new long[batch.Rows * batch.Sequence];
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i] = i % batch.Sequence;
            }

            names.Add(OnnxTextEncoder.PositionIdsName);
            values.Add(OrtValue.CreateTensorValueFromMemory(positions, batch.Shape));
        }

        return ([.. names], [.. values]);
    }
}
