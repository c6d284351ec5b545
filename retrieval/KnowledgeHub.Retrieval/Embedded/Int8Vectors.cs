using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>
/// Vectors as 8-bit codes with one scale each, for the dense store's first pass over large stores. An exact scan of
/// a million 384-d float vectors reads 1.5 GB per query and is bound by memory bandwidth (about 55 ms on the
/// development VM, no faster with a second thread or a wider kernel); the codes are a quarter of that. Stored codes
/// are offset by 128 so one VNNI instruction multiplies them (unsigned) with the query's signed codes. CPUs without
/// AVX-VNNI (most servers before Ice Lake / Zen 4) take an AVX2 kernel that widens both to 16 bits first: twice the
/// instructions, the same quarter of the memory traffic, the same exact integer sums.
/// </summary>
internal static class Int8Vectors
{
    private const int Offset = 128;

    /// <summary>Whether this CPU has a kernel for the first pass (AVX-VNNI or AVX2); without one every search is exact.</summary>
    public static bool IsSupported => AvxVnni.IsSupported || Avx2.IsSupported;

    /// <summary>The kernel <see cref="Dot"/> uses on this CPU, for logs and benchmarks.</summary>
    public static string Kernel => AvxVnni.IsSupported ? "avx-vnni" : Avx2.IsSupported ? "avx2" : "none";

    /// <summary>Writes the offset codes of <paramref name="vector"/> and returns the scale that maps them back.</summary>
    public static float Encode(ReadOnlySpan<float> vector, Span<byte> codes)
    {
        var scale = MaxAbs(vector) / 127f;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = (byte)(Code(vector[i], scale) + Offset);
        }

        return scale;
    }

    /// <summary>The query's signed codes, its scale, and the correction the stored codes' offset adds to every dot product.</summary>
    public static Query EncodeQuery(ReadOnlySpan<float> vector)
    {
        var scale = MaxAbs(vector) / 127f;
        var codes = new sbyte[vector.Length];
        var sum = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Code(vector[i], scale);
            sum += codes[i];
        }

        return new Query(codes, scale, Offset * sum);
    }

    /// <summary>Approximate dot product of a stored vector with the query.</summary>
    public static float Dot(ReadOnlySpan<byte> codes, float scale, Query query)
    {
        var sum = AvxVnni.IsSupported ? SumVnni(codes, query.Codes) : SumAvx2(codes, query.Codes);
        return (sum - query.Correction) * scale * query.Scale;
    }

    /// <summary>Σ codes[i] · query[i] with AVX-VNNI (unsigned × signed bytes, four products per 32-bit lane).</summary>
    internal static int SumVnni(ReadOnlySpan<byte> codes, sbyte[] queryCodes)
    {
        ref var a = ref MemoryMarshal.GetReference(codes);
        ref var b = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(queryCodes.AsSpan()));
        var n = (nuint)codes.Length;
        var acc0 = Vector256<int>.Zero;
        var acc1 = Vector256<int>.Zero;
        nuint i = 0;
        for (; i + 64 <= n; i += 64)
        {
            acc0 = AvxVnni.MultiplyWideningAndAdd(acc0, Vector256.LoadUnsafe(ref a, i), Vector256.LoadUnsafe(ref b, i).AsSByte());
            acc1 = AvxVnni.MultiplyWideningAndAdd(acc1, Vector256.LoadUnsafe(ref a, i + 32), Vector256.LoadUnsafe(ref b, i + 32).AsSByte());
        }

        var sum = Vector256.Sum(acc0 + acc1);
        for (; i < n; i++)
        {
            sum += codes[(int)i] * queryCodes[(int)i];
        }

        return sum;
    }

    /// <summary>
    /// Σ codes[i] · query[i] with AVX2: both widened to 16 bits, then multiplied and pair-summed into 32-bit lanes
    /// (<c>vpmaddwd</c>). The byte form (<c>vpmaddubsw</c>) would saturate: 255 · 127 · 2 does not fit 16 bits.
    /// </summary>
    internal static int SumAvx2(ReadOnlySpan<byte> codes, sbyte[] queryCodes)
    {
        ref var a = ref MemoryMarshal.GetReference(codes);
        ref var b = ref MemoryMarshal.GetReference(queryCodes.AsSpan());
        var n = (nuint)codes.Length;
        var acc0 = Vector256<int>.Zero;
        var acc1 = Vector256<int>.Zero;
        nuint i = 0;
        for (; i + 32 <= n; i += 32)
        {
            var (aLow, aHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref a, i));
            var (bLow, bHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref b, i));
            acc0 = Avx2.Add(acc0, Avx2.MultiplyAddAdjacent(aLow.AsInt16(), bLow));
            acc1 = Avx2.Add(acc1, Avx2.MultiplyAddAdjacent(aHigh.AsInt16(), bHigh));
        }

        var sum = Vector256.Sum(acc0 + acc1);
        for (; i < n; i++)
        {
            sum += codes[(int)i] * queryCodes[(int)i];
        }

        return sum;
    }

    private static int Code(float value, float scale) =>
        scale > 0 ? Math.Clamp((int)MathF.Round(value / scale), -127, 127) : 0;

    private static float MaxAbs(ReadOnlySpan<float> vector)
    {
        var max = 0f;
        foreach (var value in vector)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }

    internal sealed record Query(sbyte[] Codes, float Scale, int Correction);
}
