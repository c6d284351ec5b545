using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.TestSupport;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Infra.Tests.Onnx;

public sealed class OnnxTextEncoderTests(MiniLmEncoderFixture fixture) : IClassFixture<MiniLmEncoderFixture>
{
    private readonly KnowledgeHub.Infra.Onnx.OnnxTextEncoder encoder = fixture.Encoder;

    [Fact]
    public void Describes_all_MiniLM_L6_v2()
    {
        Assert.Equal("all-MiniLM-L6-v2", encoder.ModelId);
        Assert.Equal(384, encoder.Dimensions);
        Assert.Equal(256, encoder.MaxTokens);
        Assert.Equal("CPU", encoder.ExecutionProvider);
    }

    [Fact]
    public async Task Embedding_reproduces_the_sentence_transformers_reference()
    {
        var vector = (await encoder.EmbedAsync(["This is an example sentence"], EmbeddingPurpose.Passage))[0];

        float[] reference = [0.0677f, 0.0634f, 0.0488f, 0.0793f, 0.0374f];
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.InRange(vector[i], reference[i] - 1e-3f, reference[i] + 1e-3f);
        }
    }

    [Fact]
    public async Task Embeddings_have_384_dimensions_and_unit_length()
    {
        var vectors = await encoder.EmbedAsync(["A man is eating food.", "", "Ünïcödé and 中文 text"], EmbeddingPurpose.Passage);

        Assert.All(vectors, v =>
        {
            Assert.Equal(384, v.Length);
            Assert.InRange(Vectors.Norm(v), 0.999f, 1.001f);
        });
    }

    [Fact]
    public async Task Close_sentences_score_higher_than_unrelated_ones()
    {
        var v = await encoder.EmbedAsync(
            ["A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby."], EmbeddingPurpose.Passage);

        Assert.True(Vectors.Cosine(v[0], v[1]) > Vectors.Cosine(v[0], v[2]) + 0.2f);
        Assert.True(Vectors.Cosine(v[0], v[1]) > Vectors.Cosine(v[1], v[2]) + 0.2f);
    }

    [Fact]
    public async Task A_text_embeds_the_same_alone_and_inside_a_batch_of_mixed_lengths()
    {
        string[] texts =
        [
            "A considerably longer sentence that talks about the structure of proteins, their folding, and the methods used to measure them in the laboratory.",
            "Short.",
            "This is an example sentence",
            "Medium length text about retrieval augmented generation.",
            "x",
            "Another long passage: transformers encode each token in context, and mean pooling averages the token states into one vector.",
            "Two words",
        ];

        var together = await encoder.EmbedAsync(texts, EmbeddingPurpose.Passage);

        Assert.True(texts.Length > MiniLmEncoderFixture.BatchSize);
        for (var i = 0; i < texts.Length; i++)
        {
            var alone = (await encoder.EmbedAsync([texts[i]], EmbeddingPurpose.Passage))[0];
            Assert.True(Vectors.MaxAbsDifference(alone, together[i]) < 1e-4f, $"text {i} differs inside the batch");
        }
    }

    [Fact]
    public async Task Vectors_do_not_depend_on_how_runs_are_threaded()
    {
        string[] texts =
        [
            "A considerably longer sentence that talks about the structure of proteins, their folding, and the methods used to measure them in the laboratory.",
            "Short.",
            "Medium length text about retrieval augmented generation.",
            "Two words",
        ];
        using var twoThreadsPerRun = OnnxTextEncoder.Create(new EncoderOptions { BatchSize = 32, IntraOpThreads = 2 }, TestModelCache.Folder);

        var byDefault = await encoder.EmbedAsync(texts, EmbeddingPurpose.Passage);
        var threaded = await twoThreadsPerRun.EmbedAsync(texts, EmbeddingPurpose.Passage);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(Vectors.MaxAbsDifference(byDefault[i], threaded[i]) < 1e-4f, $"text {i} differs");
        }
    }

    [Fact]
    public async Task Concurrent_callers_get_the_same_vectors_as_one_caller()
    {
        string[] texts = ["alpha beta gamma", "The girl is carrying a baby.", "A man is eating food.", "Proteins fold."];
        var serial = await encoder.EmbedAsync(texts, EmbeddingPurpose.Passage);

        var parallel = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => encoder.EmbedAsync(texts, EmbeddingPurpose.Passage)));

        Assert.All(parallel, result =>
        {
            for (var i = 0; i < texts.Length; i++)
            {
                Assert.True(Vectors.MaxAbsDifference(serial[i], result[i]) < 1e-4f);
            }
        });
    }

    [Theory]
    [InlineData("This is an example sentence", 5)]
    [InlineData("", 0)]
    [InlineData("Tokenization splits unaffordable words", 8)]
    public void CountTokens_counts_word_pieces_without_special_tokens(string text, int expected)
    {
        Assert.Equal(expected, encoder.CountTokens(text));
    }

    [Fact]
    public async Task A_text_far_beyond_the_token_limit_is_truncated_to_its_first_tokens()
    {
        // "hello world" is two tokens; 127 repetitions plus [CLS] and [SEP] fill exactly 256.
        var atLimit = string.Join(' ', Enumerable.Repeat("hello world", 127));
        var farBeyond = string.Join(' ', Enumerable.Repeat("hello world", 2_000));
        Assert.Equal(254, encoder.CountTokens(atLimit));

        var vectors = await encoder.EmbedAsync([farBeyond, atLimit], EmbeddingPurpose.Passage);

        Assert.True(Vectors.MaxAbsDifference(vectors[0], vectors[1]) < 1e-4f);
    }

    [Fact]
    public async Task Casing_and_accents_do_not_change_the_embedding()
    {
        var vectors = await encoder.EmbedAsync(["Café au lait in Zürich", "cafe au lait in zurich"], EmbeddingPurpose.Passage);

        Assert.True(Vectors.MaxAbsDifference(vectors[0], vectors[1]) < 1e-4f);
    }

    [Fact]
    public async Task Queries_and_passages_embed_alike_because_MiniLM_has_no_query_prefix()
    {
        var query = (await encoder.EmbedAsync(["what do men eat"], EmbeddingPurpose.Query))[0];
        var passage = (await encoder.EmbedAsync(["what do men eat"], EmbeddingPurpose.Passage))[0];

        Assert.True(Vectors.MaxAbsDifference(query, passage) < 1e-5f);
    }

    [Fact]
    public async Task No_texts_give_no_vectors()
    {
        Assert.Empty(await encoder.EmbedAsync([], EmbeddingPurpose.Passage));
    }

    [Fact]
    public async Task A_cancelled_request_throws_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encoder.EmbedAsync(["text"], EmbeddingPurpose.Passage, cancelled.Token));
    }
}
