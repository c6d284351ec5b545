using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>Gives every searcher the same BM25 parameters the writer encodes norms with.</summary>
internal sealed class Bm25SearcherFactory : SearcherFactory
{
    /// <summary>k1 = 0.9, b = 0.4: the Anserini/Pyserini defaults behind the published BEIR BM25 numbers.</summary>
    public static readonly Similarity Similarity = new BM25Similarity(0.9f, 0.4f);

    public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = Similarity };
}
