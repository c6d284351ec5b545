namespace KnowledgeHub.Retrieval;

/// <summary>
/// The seam to a cross-encoder (an ONNX sequence-classification model that reads a question and a passage together):
/// one relevance score per passage, higher is more relevant, comparable within one call.
/// </summary>
public interface ICrossEncoder
{
    /// <summary>The model's id (folder name and a hash of its files).</summary>
    string ModelId { get; }

    /// <summary>Languages the model understands (ISO 639-1).</summary>
    IReadOnlyList<string> Languages { get; }

    /// <summary>Where inference runs ("CUDA", "CPU").</summary>
    string ExecutionProvider { get; }

    Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default);
}
