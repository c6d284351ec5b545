using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace KnowledgeHub.Retrieval.Analysis;

/// <summary>
/// The analyzers the keyword index and its queries share. English text uses Lucene's EnglishAnalyzer
/// (the Pyserini BM25 setup: standard tokenizer, possessives, lower case, stop words, Porter);
/// text with Han ideographs uses SmartChineseAnalyzer, which segments Chinese words and Porter-stems
/// the English words mixed into it. Documents and queries are routed by the same rule.
/// </summary>
public static class TextAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Lucene analyzers are thread-safe (per-thread token stream reuse) and meant to live for the process.
    private static readonly Lazy<Analyzer> LazyEnglish = new(() => new EnglishAnalyzer(Version));
    private static readonly Lazy<Analyzer> LazyChinese = new(() => new SmartChineseAnalyzer(Version));

    public static Analyzer English => LazyEnglish.Value;

    /// <summary>Chinese and mixed Chinese/English text.</summary>
    public static Analyzer Chinese => LazyChinese.Value;

    /// <summary>The analyzer for this text: Chinese/mixed when it holds an ideograph, English otherwise.</summary>
    public static Analyzer For(string text) => CjkText.ContainsIdeographs(text) ? Chinese : English;

    /// <summary>The terms the index would hold for this text, in order, duplicates kept.</summary>
    public static IReadOnlyList<string> Analyze(string text) => Analyze(text, For(text));

    public static IReadOnlyList<string> Analyze(string text, Analyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(analyzer);
        var terms = new List<string>();
        if (text.Length == 0)
        {
            return terms;
        }

        using var reader = new StringReader(text);
        using var stream = analyzer.GetTokenStream("text", reader);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            if (term.Length > 0)
            {
                terms.Add(term.ToString());
            }
        }

        stream.End();
        return terms;
    }
}
