using KnowledgeHub.Orchestration.Text;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>The near passages a "not found" answer offers the reader, each shown by its sentence closest to the question.</summary>
internal static class RelatedPassages
{
    private const int MaxSnippetLength = 300;

    public static IReadOnlyList<RelatedPassage> Of(Evidence evidence, int count)
    {
        var related = new List<RelatedPassage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < evidence.Passages.Count && related.Count < count; i++)
        {
            var chunk = evidence.Passages[i].Chunk;
            if (!seen.Add(chunk.Id))
            {
                continue;
            }

            var closest = evidence.Sentences[i]
                .OrderByDescending(s => evidence.QuestionSimilarity(s.Text) ?? 0)
                .ThenBy(s => s.Span.Start)
                .FirstOrDefault();
            var snippet = Shorten(closest?.Text ?? chunk.Text);
            related.Add(new RelatedPassage(chunk.Id, chunk.DocumentId, chunk.FileName, chunk.Page, chunk.HeadingPath, chunk.Version, snippet));
        }

        return related;
    }

    private static string Shorten(string text)
    {
        if (text.Length <= MaxSnippetLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', MaxSnippetLength);
        return string.Concat(text.AsSpan(0, cut > 0 ? cut : MaxSnippetLength), "…");
    }
}
