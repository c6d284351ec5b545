using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Bench.Evaluation;

/// <summary>What an evaluation run adds to the standard bm25 / dense / hybrid rows.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Extra rows, each a <see cref="RetrievalRecipe"/> spec, run after the standard ones.</summary>
    public IReadOnlyList<string> Recipes { get; init; } = [];

    /// <summary>Where corpus and query embeddings are kept between runs; null embeds every time.</summary>
    public VectorCache? Cache { get; init; }

    /// <summary>A second encoder whose rankings recipes can use as <c>dense2</c>; null when not evaluated.</summary>
    public ITextEncoder? SecondEncoder { get; init; }

    /// <summary>
    /// Sentence signals embed the sentences of every chunk (0), or only of the documents in some query's top N of the
    /// default hybrid row: enough for <c>rescore&lt;N&gt;</c> rows, and far cheaper (SciFact has ~50,000 sentences).
    /// Documents outside that set have no sentence score.
    /// </summary>
    public int SentenceCandidates { get; init; }

    /// <summary>
    /// Embed every chunk after a document's first with the document's title on a line before it, as the product embeds
    /// a chunk under its heading path; the keyword side indexes the chunk text unchanged.
    /// </summary>
    public bool TitleContext { get; init; }
}
