using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Infra.Onnx.Folders;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Evaluation;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Infra.Tests.Onnx.Folders;

public sealed class FolderEncoderTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "A man is eating food.",
        "Protein folding is measured with circular dichroism in the laboratory.",
        "Ünïcödé café text",
        "Short.",
    ];

    private readonly string root = Directory.CreateTempSubdirectory("kh-model-folders-").FullName;

    public static TheoryData<string> Models => new(EncoderModel.All.Select(m => m.Id));

    [Theory]
    [Trait("Speed", "Slow")]
    [MemberData(nameof(Models))]
    public async Task A_shipped_encoder_written_out_as_a_folder_embeds_like_the_built_in_path(string id)
    {
        var model = EncoderModel.Find(id)!;
        var folder = ShippedModelFolders.Write(model, root);
        using var builtIn = OnnxTextEncoder.Create(new EncoderOptions { Model = id }, TestModelCache.Folder);
        using var fromFolder = OnnxTextEncoder.Create(new EncoderOptions { Model = folder }, TestModelCache.Folder);

        Assert.Equal(model.Dimensions, fromFolder.Dimensions);
        Assert.Equal(model.MaxTokens, fromFolder.MaxTokens);
        foreach (var purpose in (EmbeddingPurpose[])[EmbeddingPurpose.Query, EmbeddingPurpose.Passage])
        {
            var expected = await builtIn.EmbedAsync(Texts, purpose);
            var actual = await fromFolder.EmbedAsync(Texts, purpose);
            for (var i = 0; i < Texts.Length; i++)
            {
                Assert.True(Vectors.Cosine(expected[i], actual[i]) >= 0.9999f, $"{id} {purpose} '{Texts[i]}': cosine {Vectors.Cosine(expected[i], actual[i])}");
            }
        }
    }

    [Fact]
    public async Task The_query_prompt_comes_from_config_sentence_transformers_json()
    {
        var folder = ShippedModelFolders.Write(EncoderModel.ArcticXs, root);
        using var encoder = OnnxTextEncoder.Create(new EncoderOptions { Model = folder }, TestModelCache.Folder);

        var query = (await encoder.EmbedAsync(["protein folding"], EmbeddingPurpose.Query))[0];
        var passage = (await encoder.EmbedAsync(["protein folding"], EmbeddingPurpose.Passage))[0];

        Assert.True(Vectors.Cosine(query, passage) < 0.99f);
    }

    [Fact]
    public void The_model_id_is_the_folder_name_and_a_hash_of_its_files_which_changes_with_them()
    {
        var folder = ShippedModelFolders.Write(EncoderModel.MiniLM, root, "my-encoder");
        var first = ModelFolder.Open(folder).Id;
        Assert.Matches("^my-encoder-[0-9a-f]{12}$", first);
        Assert.Equal(first, ModelFolder.Open(folder).Id);

        ShippedModelFolders.WriteJson(folder, "sentence_bert_config.json", new { max_seq_length = 128 });

        Assert.NotEqual(first, ModelFolder.Open(folder).Id);
    }

    [Fact]
    public void Settings_come_from_the_sentence_transformers_files_and_knowledgehub_model_json_overrides_them()
    {
        var folder = ShippedModelFolders.Write(EncoderModel.ArcticXs, root);
        var plain = ModelFolder.Open(folder);
        Assert.Equal(EncoderPooling.Cls, plain.Pooling);
        Assert.Equal(512, plain.MaxTokens);
        Assert.True(plain.Normalize);
        Assert.Equal(EncoderModel.ArcticXs.QueryPrefix, plain.QueryPrefix);
        Assert.Equal(["en"], plain.Languages);

        ShippedModelFolders.WriteJson(folder, ModelFolder.OverrideFileName, new { pooling = "mean", maxTokens = 64, passagePrefix = "passage: ", languages = new[] { "en", "ZH" } });
        var own = ModelFolder.Open(folder);

        Assert.Equal(EncoderPooling.Mean, own.Pooling);
        Assert.Equal(64, own.MaxTokens);
        Assert.Equal("passage: ", own.PassagePrefix);
        Assert.Equal(["en", "zh"], own.Languages);
    }

    [Fact]
    public void A_folder_without_a_graph_fails_naming_model_onnx()
    {
        var folder = ShippedModelFolders.Write(EncoderModel.MiniLM, root);
        File.Delete(Path.Combine(folder, "model.onnx"));

        var error = Assert.Throws<FileNotFoundException>(() => OnnxTextEncoder.Create(new EncoderOptions { Model = folder }, TestModelCache.Folder));

        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("onnx/model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_a_tokenizer_fails_naming_tokenizer_json_and_vocab_txt()
    {
        var folder = ShippedModelFolders.Write(EncoderModel.MiniLM, root);
        File.Delete(Path.Combine(folder, "vocab.txt"));

        var error = Assert.Throws<FileNotFoundException>(() => ModelFolder.Open(folder));

        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("vocab.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pooling_config_with_two_modes_fails_naming_the_file()
    {
        var folder = ShippedModelFolders.Write(EncoderModel.MiniLM, root);
        ShippedModelFolders.WriteJson(folder, "1_Pooling/config.json", new { word_embedding_dimension = 384, pooling_mode_cls_token = true, pooling_mode_mean_tokens = true });

        var error = Assert.Throws<InvalidDataException>(() => ModelFolder.Open(folder));

        Assert.Contains(Path.Combine("1_Pooling", "config.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_width_that_the_graph_does_not_put_out_fails_naming_both_files()
    {
        var folder = ShippedModelFolders.Write(EncoderModel.MiniLM, root);
        ShippedModelFolders.WriteJson(folder, "1_Pooling/config.json", new { word_embedding_dimension = 768, pooling_mode_mean_tokens = true });

        var error = Assert.Throws<InvalidDataException>(() => OnnxTextEncoder.Create(new EncoderOptions { Model = folder }, TestModelCache.Folder));

        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("768", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_is_neither_a_known_id_nor_a_folder_is_rejected_at_validation()
    {
        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => OnnxTextEncoder.Create(new EncoderOptions { Model = Path.Combine(root, "missing") }, TestModelCache.Folder));

        Assert.Contains("model folder", error.Message, StringComparison.Ordinal);
    }

    [SharedDataTheory]
    [Trait("Speed", "Slow")]
    [MemberData(nameof(Models))]
    public async Task A_shipped_encoder_written_out_as_a_folder_ranks_a_SciFact_subset_like_the_built_in_path(string id)
    {
        var scifact = BeirDataset.Load(SharedData.PathTo("datasets", "scifact"));
        var queries = scifact.Queries.Take(12).ToList();
        var relevant = queries.SelectMany(q => scifact.Qrels[q.Id].Keys).ToHashSet(StringComparer.Ordinal);
        var corpus = scifact.Corpus.Where(d => relevant.Contains(d.Id)).Concat(scifact.Corpus.Where(d => !relevant.Contains(d.Id)).Take(24)).ToList();
        var folder = ShippedModelFolders.Write(EncoderModel.Find(id)!, root);
        using var builtIn = OnnxTextEncoder.Create(new EncoderOptions { Model = id }, TestModelCache.Folder);
        using var fromFolder = OnnxTextEncoder.Create(new EncoderOptions { Model = folder }, TestModelCache.Folder);

        var expected = await RankAsync(builtIn, queries, corpus);
        var actual = await RankAsync(fromFolder, queries, corpus);

        var compared = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            for (var rank = 0; rank < 10; rank++)
            {
                var (want, wantScore) = expected[q][rank];
                var (got, _) = actual[q][rank];
                if (want != got)
                {
                    // Only two documents the built-in path itself rates alike (floating-point noise) may trade places.
                    var gotScore = expected[q].Single(r => r.Id == got).Score;
                    Assert.True(Math.Abs(wantScore - gotScore) < 1e-4, $"{id}, query {queries[q].Id}, rank {rank + 1}: folder ranks {got}, built-in {want} ({wantScore:F5} vs {gotScore:F5}).");
                }

                compared++;
            }
        }

        Assert.Equal(120, compared);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static async Task<List<List<(string Id, float Score)>>> RankAsync(OnnxTextEncoder encoder, List<BeirQuery> queries, List<BeirDocument> corpus)
    {
        var documents = await encoder.EmbedAsync([.. corpus.Select(d => d.FullText)], EmbeddingPurpose.Passage);
        var questions = await encoder.EmbedAsync([.. queries.Select(q => q.Text)], EmbeddingPurpose.Query);
        return [.. questions.Select(question => corpus
            .Select((d, i) => (d.Id, Score: Vectors.Cosine(question, documents[i])))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList())];
    }
}
