using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Bench.Tests.Evaluation;

public sealed class VectorCacheTests : IDisposable
{
    private readonly TempFolder folder = new("kh-vector-cache");
    private readonly HashingEncoder encoder = new(8);

    public void Dispose() => folder.Dispose();

    private Task<float[][]> GetAsync(VectorCache cache, IReadOnlyList<string> texts, string modelId = HashingEncoder.Id) =>
        cache.GetOrComputeAsync(modelId, EmbeddingPurpose.Passage, texts, encoder.Dimensions, t => encoder.EmbedAsync(t, EmbeddingPurpose.Passage));

    [Fact]
    public async Task Vectors_written_by_one_run_are_read_back_exactly_without_the_encoder()
    {
        string[] texts = ["solar panels convert light", "wind turbines spin"];
        var first = await GetAsync(new VectorCache(folder.Path), texts);

        var second = await GetAsync(new VectorCache(folder.Path), texts);

        Assert.Equal(1, encoder.Calls);
        Assert.Equal(first, second);
        Assert.Single(Directory.GetFiles(folder.Path));
        Assert.EndsWith(".bin", Directory.GetFiles(folder.Path)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_any_text_or_the_model_computes_and_stores_new_vectors()
    {
        var cache = new VectorCache(folder.Path);
        await GetAsync(cache, ["solar panels", "wind turbines"]);

        await GetAsync(cache, ["solar panels", "wind turbine"]);
        await GetAsync(cache, ["solar panels", "wind turbines"], modelId: "another-model");

        Assert.Equal(3, encoder.Calls);
        Assert.Equal(3, Directory.GetFiles(folder.Path).Length);
    }

    [Fact]
    public void Texts_split_differently_name_different_files()
    {
        var cache = new VectorCache(folder.Path);

        Assert.NotEqual(
            cache.PathFor("m", EmbeddingPurpose.Passage, ["ab", "c"]),
            cache.PathFor("m", EmbeddingPurpose.Passage, ["a", "bc"]));
        Assert.NotEqual(
            cache.PathFor("m", EmbeddingPurpose.Passage, ["a"]),
            cache.PathFor("m", EmbeddingPurpose.Query, ["a"]));
    }

    [Fact]
    public async Task A_truncated_file_is_ignored_and_replaced()
    {
        var cache = new VectorCache(folder.Path);
        string[] texts = ["solar panels", "wind turbines"];
        var expected = await GetAsync(cache, texts);
        var path = cache.PathFor(HashingEncoder.Id, EmbeddingPurpose.Passage, texts);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..20]);

        var vectors = await GetAsync(cache, texts);

        Assert.Equal(2, encoder.Calls);
        Assert.Equal(expected, vectors);
        Assert.Equal(16 + (2 * 8 * sizeof(float)), new FileInfo(path).Length);
    }
}
