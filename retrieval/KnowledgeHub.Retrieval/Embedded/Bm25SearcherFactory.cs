using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>Gives every searcher the same BM25 parameters.</summary>
internal sealed class Bm25SearcherFactory(Bm25Parameters parameters) : SearcherFactory
{
    /// <summary>
    /// The writer's similarity. BM25 norms encode only field length, so an index written with it can be
    /// searched with any k1 and b.
    /// </summary>
    public static readonly Similarity Similarity = For(Bm25Parameters.Default);

    private readonly Similarity similarity = For(parameters);

    public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = similarity };

    private static BM25Similarity For(Bm25Parameters parameters) => new(parameters.K1, parameters.B);
}
