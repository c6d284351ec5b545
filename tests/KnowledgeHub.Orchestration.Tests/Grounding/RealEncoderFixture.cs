using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Orchestration.Tests.TestDoubles;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Orchestration.Tests.Grounding;

/// <summary>The real all-MiniLM-L6-v2 encoder (the default), shared by a test class, from the run's one model cache.</summary>
public sealed class RealEncoderFixture : IDisposable
{
    public OnnxTextEncoder Encoder { get; } = OnnxTextEncoder.Create(new EncoderOptions(), TestModelCache.Folder);

    /// <summary>An index of the texts as chunks (doc1, doc2, ...) carrying their real passage embeddings.</summary>
    internal async Task<DenseSearchIndex> IndexAsync(params string[] texts)
    {
        var vectors = await Encoder.EmbedAsync(texts, EmbeddingPurpose.Passage);
        var index = new DenseSearchIndex(Encoder.ModelId);
        await index.UpsertAsync([.. texts.Select((text, i) => Passages.Chunk($"doc{i + 1}", text, ordinal: i, page: i + 1) with { Vector = vectors[i] })]);
        return index;
    }

    /// <summary>An index of named documents (one chunk each, the file name as given) with their real passage embeddings.</summary>
    internal async Task<DenseSearchIndex> IndexFilesAsync(params (string FileName, string Text)[] files)
    {
        var vectors = await Encoder.EmbedAsync([.. files.Select(f => f.Text)], EmbeddingPurpose.Passage);
        var index = new DenseSearchIndex(Encoder.ModelId);
        await index.UpsertAsync([.. files.Select((f, i) => Passages.Chunk($"doc{i + 1}", f.Text, ordinal: i) with { Vector = vectors[i], FileName = f.FileName })]);
        return index;
    }

    public void Dispose() => Encoder.Dispose();
}
