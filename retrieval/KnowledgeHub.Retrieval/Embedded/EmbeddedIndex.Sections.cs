using System.Globalization;
using Lucene.Net.Search;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>Section look-up: a chunk's neighbours in the same document version and section.</summary>
public sealed partial class EmbeddedIndex
{
    public Task<IReadOnlyList<IndexedChunk>> GetSectionAsync(IndexedChunk chunk, int maxNeighbours, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentException.ThrowIfNullOrEmpty(chunk.Tenant);
        ArgumentException.ThrowIfNullOrEmpty(chunk.DocumentId);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNeighbours);
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();

        readWriteLock.EnterReadLock();
        var searcher = searchers.Acquire();
        try
        {
            var query = KeywordQuery.Version(chunk.Tenant, chunk.DocumentId, chunk.Version);
            var reader = searcher.IndexReader;
            var members = new List<(int Ordinal, int Doc)>();

            // Ordinals are stored, not indexed, so the window is applied here; reading only the few fields that
            // decide membership keeps long documents cheap before the texts of the few members are read.
            var all = searcher.Search(query, Math.Max(1, reader.NumDocs));
            foreach (var scoreDoc in all.ScoreDocs)
            {
                var fields = reader.Document(scoreDoc.Doc, ChunkFields.SectionFields);
                var ordinal = fields.GetField(ChunkFields.Ordinal)?.GetInt32Value() ?? 0;
                if (Math.Abs((long)ordinal - chunk.Ordinal) <= maxNeighbours
                    && SameSection(chunk, fields.Get(ChunkFields.HeadingPath, CultureInfo.InvariantCulture), fields.GetField(ChunkFields.Page)?.GetInt32Value()))
                {
                    members.Add((ordinal, scoreDoc.Doc));
                }
            }

            IReadOnlyList<IndexedChunk> section =
            [
                .. members.OrderBy(m => m.Ordinal).Select(m =>
                {
                    var stored = reader.Document(m.Doc, ChunkFields.HitFields);
                    return ChunkFields.ToChunk(stored, dense.VectorOf(stored.Get(ChunkFields.Id, CultureInfo.InvariantCulture)) ?? []);
                }),
            ];
            return Task.FromResult(section);
        }
        finally
        {
            searchers.Release(searcher);
            readWriteLock.ExitReadLock();
        }
    }

    // Without headings the page is the best section boundary there is; unpaged, unheaded text has only its neighbours.
    private static bool SameSection(IndexedChunk chunk, string? headingPath, int? page)
    {
        var chunkHeading = string.IsNullOrEmpty(chunk.HeadingPath) ? null : chunk.HeadingPath;
        if (!string.Equals(chunkHeading, string.IsNullOrEmpty(headingPath) ? null : headingPath, StringComparison.Ordinal))
        {
            return false;
        }

        return chunkHeading is not null || chunk.Page is null || chunk.Page == page;
    }
}
