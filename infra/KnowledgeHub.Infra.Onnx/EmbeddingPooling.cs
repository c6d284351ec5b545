using System.Numerics.Tensors;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>Turns one row of token states into an L2-normalised sentence vector.</summary>
internal static class EmbeddingPooling
{
    /// <param name="tokenStates">The row's states, <c>sequence × dimensions</c>, real tokens first, padding after.</param>
    /// <param name="tokenCount">Real (unpadded) tokens in the row.</param>
    public static float[] Pool(ReadOnlySpan<float> tokenStates, int tokenCount, int dimensions, EncoderPooling pooling)
    {
        var vector = new float[dimensions];
        if (pooling == EncoderPooling.Cls)
        {
            tokenStates[..dimensions].CopyTo(vector);
        }
        else if (pooling == EncoderPooling.LastToken)
        {
            // Rows are padded on the right, so the last real token sits at tokenCount - 1.
            tokenStates.Slice(Math.Max(0, tokenCount - 1) * dimensions, dimensions).CopyTo(vector);
        }
        else
        {
            // Only real tokens are summed, so padding never leaks in. Dividing by the count is skipped:
            // the L2 normalisation below removes any positive scale.
            for (var token = 0; token < tokenCount; token++)
            {
                TensorPrimitives.Add(vector, tokenStates.Slice(token * dimensions, dimensions), vector);
            }
        }

        var norm = TensorPrimitives.Norm<float>(vector);
        if (norm > 0f)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }
}
