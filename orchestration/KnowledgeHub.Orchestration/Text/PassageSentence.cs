using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Text;

/// <summary>
/// One quotable sentence of a retrieved passage, with its exact place in the chunk text: a sentence of running text,
/// or a table row (with its table's header row, whose words it shares, since "Lyon | 516000" only answers a question
/// about population under "City | Population"). Headings and fragments are not passage sentences: they are never quoted.
/// </summary>
/// <param name="Number">The passage's 1-based number, as the [n] markers use it.</param>
/// <param name="Header">The table's header row when this is a table row; null for a sentence.</param>
internal sealed record PassageSentence(int Number, IndexedChunk Chunk, TextSpan Span, IReadOnlySet<string> Terms, TextSpan? Header = null)
{
    public string Text => Span.Of(Chunk.Text);

    public static IEnumerable<PassageSentence> Of(int number, IndexedChunk chunk)
    {
        foreach (var segment in PassageSegmenter.Segment(chunk.Text, chunk.HeadingPath))
        {
            switch (segment.Kind)
            {
                case SentenceKind.Sentence:
                    yield return new PassageSentence(number, chunk, segment.Span, TermsOf(chunk.Text, segment.Span));
                    break;
                case SentenceKind.TableRow when segment.Header is { } header:
                    var terms = TermsOf(chunk.Text, segment.Span);
                    terms.UnionWith(TermsOf(chunk.Text, header));
                    yield return new PassageSentence(number, chunk, segment.Span, terms, header);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>A citation quoting this sentence alone, or this row under its header.</summary>
    public Citation ToCitation() => PassageQuotes.Cite([this]);

    private static HashSet<string> TermsOf(string text, TextSpan span) => TermAnalyzer.Analyze(span.Of(text)).ToHashSet(StringComparer.Ordinal);
}
