namespace KnowledgeHub.Retrieval;

/// <summary>Embeds the query (when the mode needs it) and searches the index. The one entry point for retrieval.</summary>
public sealed class HybridRetriever(ITextEncoder encoder, ISearchIndex index)
{
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(
        string query,
        SearchFilter filter,
        int top = 10,
        SearchMode mode = SearchMode.Hybrid,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        float[]? vector = null;
        if (mode != SearchMode.Keyword)
        {
            var vectors = await encoder.EmbedAsync([query], EmbeddingPurpose.Query, cancellationToken);
            vector = vectors[0];
        }

        return await index.SearchAsync(new SearchRequest(query, vector, filter, top, mode), cancellationToken);
    }

    /// <summary>The chunk's enclosing section (see <see cref="ISearchIndex.GetSectionAsync"/>).</summary>
    public Task<IReadOnlyList<IndexedChunk>> GetSectionAsync(IndexedChunk chunk, int maxNeighbours, CancellationToken cancellationToken = default) =>
        index.GetSectionAsync(chunk, maxNeighbours, cancellationToken);
}
