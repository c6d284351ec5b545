using System.Numerics.Tensors;
using KnowledgeHub.Orchestration.Text;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>
/// What one answer is judged against: the retrieved passages split into sentences and, when the encoder is calibrated,
/// the embeddings of the question, the passages and every sentence embedded so far (by text).
/// </summary>
internal sealed class Evidence
{
    private readonly float[]?[] passageVectors;
    private readonly Dictionary<string, float[]> textVectors = new(StringComparer.Ordinal);

    public Evidence(IReadOnlyList<SearchHit> passages, EncoderCalibration? calibration = null, float[]? question = null, float[]?[]? passageVectors = null)
    {
        Passages = passages;
        Sentences = [.. passages.Select((hit, index) => (IReadOnlyList<PassageSentence>)[.. PassageSentence.Of(index + 1, hit.Chunk)])];
        Calibration = question is null ? null : calibration;
        Question = question;
        this.passageVectors = passageVectors ?? new float[passages.Count][];
    }

    public IReadOnlyList<SearchHit> Passages { get; }

    /// <summary>Sentences of passage n at index n - 1.</summary>
    public IReadOnlyList<IReadOnlyList<PassageSentence>> Sentences { get; }

    /// <summary>Null when answers are judged by keywords only.</summary>
    public EncoderCalibration? Calibration { get; }

    public float[]? Question { get; }

    public bool HasEmbeddings => Calibration is not null;

    public IEnumerable<PassageSentence> AllSentences => Sentences.SelectMany(s => s);

    public bool Has(string text) => textVectors.ContainsKey(text);

    public void Add(string text, float[] vector) => textVectors[text] = vector;

    public float[]? Vector(string text) => textVectors.GetValueOrDefault(text);

    /// <summary>Cosine between the question and passage n (1-based); null without embeddings.</summary>
    public double? QuestionSimilarityToPassage(int number) =>
        Question is not null && passageVectors[number - 1] is { } vector ? Cosine(Question, vector) : null;

    /// <summary>Cosine between the question and an embedded text; null without embeddings or when the text was not embedded.</summary>
    public double? QuestionSimilarity(string text) =>
        Question is not null && textVectors.TryGetValue(text, out var vector) ? Cosine(Question, vector) : null;

    /// <summary>Cosine between two embedded texts; null when either was not embedded.</summary>
    public double? Similarity(string first, string second) =>
        textVectors.TryGetValue(first, out var a) && textVectors.TryGetValue(second, out var b) ? Cosine(a, b) : null;

    // The encoder seam promises L2-normalised vectors, so the dot product is the cosine.
    private static double Cosine(float[] a, float[] b) => a.Length == b.Length ? TensorPrimitives.Dot(a, b) : 0;
}
