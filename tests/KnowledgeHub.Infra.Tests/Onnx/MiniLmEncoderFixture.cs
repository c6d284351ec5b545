using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Infra.Tests.Onnx;

/// <summary>
/// One all-MiniLM-L6-v2 encoder for a test class. The batch size is small on purpose so that a handful
/// of texts already spans several length-sorted batches.
/// </summary>
public sealed class MiniLmEncoderFixture : IDisposable
{
    public const int BatchSize = 3;

    public MiniLmEncoderFixture()
    {
        Encoder = OnnxTextEncoder.Create(new EncoderOptions { BatchSize = BatchSize }, TestModelCache.Folder);
    }

    public OnnxTextEncoder Encoder { get; }

    public void Dispose() => Encoder.Dispose();
}
