using System.Numerics.Tensors;

namespace KnowledgeHub.Infra.Tests.Onnx;

internal static class Vectors
{
    public static float Cosine(float[] a, float[] b) => TensorPrimitives.CosineSimilarity(a, b);

    public static float Norm(float[] a) => TensorPrimitives.Norm<float>(a);

    public static float MaxAbsDifference(float[] a, float[] b)
    {
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
