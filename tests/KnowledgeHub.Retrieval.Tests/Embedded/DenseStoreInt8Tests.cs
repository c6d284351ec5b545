using System.Numerics.Tensors;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

[Trait("Speed", "Slow")]
public sealed class DenseStoreInt8Tests
{
    private const int Dimensions = 384;

    [Fact]
    public void Int8_dot_product_approximates_the_float_dot_product()
    {
        if (!Int8Vectors.IsSupported)
        {
            return; // Neither AVX-VNNI nor AVX2: the store never takes the 8-bit pass, so there is nothing to approximate.
        }

        var random = new Random(5);
        var codes = new byte[Dimensions];
        for (var i = 0; i < 100; i++)
        {
            var x = Unit(random, Dimensions);
            var y = Unit(random, Dimensions);
            var scale = Int8Vectors.Encode(x, codes);

            Assert.InRange(Int8Vectors.Dot(codes, scale, Int8Vectors.EncodeQuery(y)) - TensorPrimitives.Dot(x, y), -0.005f, 0.005f);
        }
    }

    [Theory]
    [InlineData(384)]
    [InlineData(100)]
    [InlineData(7)]
    public void Both_int8_kernels_give_the_exact_integer_sum_even_at_the_code_extremes(int dimensions)
    {
        var random = new Random(dimensions);
        var codes = new byte[dimensions];
        var query = new sbyte[dimensions];
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < dimensions; i++)
            {
                // The first round is all extremes: 255 x -127 in every lane would saturate a 16-bit pair sum.
                codes[i] = round == 0 ? (byte)255 : (byte)random.Next(256);
                query[i] = round == 0 ? (sbyte)-127 : (sbyte)random.Next(-127, 128);
            }

            var expected = 0;
            for (var i = 0; i < dimensions; i++)
            {
                expected += codes[i] * query[i];
            }

            if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            {
                Assert.Equal(expected, Int8Vectors.SumAvx2(codes, query));
            }

            if (System.Runtime.Intrinsics.X86.AvxVnni.IsSupported)
            {
                Assert.Equal(expected, Int8Vectors.SumVnni(codes, query));
            }
        }
    }

    [Fact]
    public void Int8_first_pass_finds_at_least_99_percent_of_the_exact_top_10_on_clustered_vectors()
    {
        var (exact, int8) = ClusteredStores(chunks: 20_000, seed: 1);
        var random = new Random(99);
        var found = 0;
        const int queries = 50;
        for (var q = 0; q < queries; q++)
        {
            var query = Near(exact.Centroids[random.Next(exact.Centroids.Length)], random);
            var filter = new SearchFilter("t1", q % 2 == 0 ? "c0" : null);
            var expected = exact.Store.Search(query, filter, 10).Select(h => h.Id).ToHashSet();

            found += int8.Store.Search(query, filter, 10).Count(h => expected.Contains(h.Id));
        }

        Assert.True(int8.Store.SearchesInt8First || !Int8Vectors.IsSupported);
        Assert.InRange(found / (queries * 10.0), 0.99, 1.0);
    }

    [Fact]
    public void Int8_first_pass_returns_exact_scores_best_first()
    {
        var (_, int8) = ClusteredStores(chunks: 5_000, seed: 2);
        var random = new Random(3);
        var query = Near(int8.Centroids[0], random);

        var hits = int8.Store.Search(query, SearchFilter.ForTenant("t1"), 10);

        Assert.Equal(10, hits.Count);
        Assert.All(hits, h => Assert.Equal(TensorPrimitives.Dot(int8.Store.VectorOf(h.Id)!, query), h.Score, 6));
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void Int8_first_pass_honours_tenant_document_filters_and_removals()
    {
        var random = new Random(11);
        var store = new DenseStore(Dimensions, int8From: 10);
        for (var i = 0; i < 500; i++)
        {
            store.Upsert($"chunk-{i:D3}", i % 2 == 0 ? "t1" : "t2", "c1", $"doc-{i / 4}", 1, Unit(random, Dimensions));
        }

        store.Remove("chunk-012");

        var hits = store.Search(Unit(random, Dimensions), new SearchFilter("t1", DocumentIds: ["doc-3", "doc-100"]), 10);

        Assert.Equal(["chunk-014", "chunk-400", "chunk-402"], hits.Select(h => h.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Small_stores_are_searched_exactly_without_the_int8_pass()
    {
        var store = new DenseStore(Dimensions);
        store.Upsert("a", "t1", "c1", "d1", 1, Unit(new Random(1), Dimensions));

        Assert.False(store.SearchesInt8First);
    }

    private static (Clustered Exact, Clustered Int8) ClusteredStores(int chunks, int seed)
    {
        var random = new Random(seed);
        var centroids = Enumerable.Range(0, 100).Select(_ => Unit(random, Dimensions)).ToArray();
        var exact = new DenseStore(Dimensions, int8From: null);
        var int8 = new DenseStore(Dimensions, int8From: 1);
        for (var i = 0; i < chunks; i++)
        {
            var vector = Near(centroids[random.Next(centroids.Length)], random);
            exact.Upsert($"chunk-{i:D6}", "t1", $"c{i % 4}", $"doc-{i / 8}", 1, vector);
            int8.Upsert($"chunk-{i:D6}", "t1", $"c{i % 4}", $"doc-{i / 8}", 1, vector);
        }

        return (new Clustered(exact, centroids), new Clustered(int8, centroids));
    }

    /// <summary>The centroid plus noise of the same norm, normalised: neighbours within a cluster are close but distinct.</summary>
    private static float[] Near(float[] centroid, Random random)
    {
        var vector = Unit(random, centroid.Length);
        TensorPrimitives.Add(vector, centroid, vector);
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    private static float[] Unit(Random random, int length)
    {
        var vector = new float[length];
        for (var i = 0; i < length; i++)
        {
            vector[i] = (random.NextSingle() * 2) - 1;
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    private sealed record Clustered(DenseStore Store, float[][] Centroids);
}
