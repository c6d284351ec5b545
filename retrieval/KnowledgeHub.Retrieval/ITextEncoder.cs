namespace KnowledgeHub.Retrieval;

public enum EmbeddingPurpose
{
    /// <summary>Text to be stored and found (chunks).</summary>
    Passage,

    /// <summary>A search query; some encoders prefix it.</summary>
    Query,
}

/// <summary>
/// The seam to a sentence encoder (ONNX Runtime). Vectors are L2-normalised, so cosine similarity is a dot product.
/// </summary>
public interface ITextEncoder
{
    /// <summary>Stable model identifier, e.g. "all-MiniLM-L6-v2"; recorded by the index.</summary>
    string ModelId { get; }

    int Dimensions { get; }

    /// <summary>Longest input in tokens (special tokens included) before the encoder truncates.</summary>
    int MaxTokens { get; }

    /// <summary>Counts tokens with the encoder's own tokenizer, without special tokens.</summary>
    int CountTokens(string text);

    /// <summary>
    /// Languages the model was trained for (ISO 639-1): a question in another script skips dense search and re-scoring
    /// with it (<see cref="LanguageCoverage"/>). English unless the model declares more.
    /// </summary>
    IReadOnlyList<string> Languages => [LanguageCoverage.English];

    /// <summary>Where inference runs ("CUDA", "CPU"); null when the encoder does not say.</summary>
    string? ExecutionProvider => null;

    Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default);
}
