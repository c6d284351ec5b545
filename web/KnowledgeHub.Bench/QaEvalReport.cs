using System.Globalization;

namespace KnowledgeHub.Bench;

/// <summary>
/// What `eval-qa` measures. Shares are over all questions unless named otherwise; a gold answer "is in" a text when,
/// normalised (<see cref="AnswerMatching.NormalizeGold"/>), it is a substring of the normalised text.
/// </summary>
/// <param name="IngestSeconds">Wall time of ingestion in this run; 0 when every context was already ingested.</param>
/// <param name="Mode">The search mode the passages were retrieved with (answers always use hybrid).</param>
/// <param name="RetrievalOnly">Nothing was answered (--retrieval-only): the answer and citation numbers are zero.</param>
/// <param name="GoldInTop">Gold answer in one of the top <paramref name="Top"/> passages of <c>HybridRetriever</c>.</param>
/// <param name="GoldInTopSections">Gold answer in a top passage joined with its section neighbours (KnowledgeHub:Answer:SectionContextChunks on each side): the text a decoder reads.</param>
/// <param name="GoldDocumentInTop">A chunk of the gold answer's own paper among the top passages (the answer may still be cut).</param>
/// <param name="GoldInSomeChunk">Gold answer inside at least one chunk of its own paper: the ceiling chunking leaves for <paramref name="GoldInTop"/>.</param>
/// <param name="Found">The answer found something relevant (it is not the "not found" sentence).</param>
/// <param name="GoldInAnswer">Gold answer in the answer text, [n] markers removed.</param>
/// <param name="GoldInCited">Gold answer in the full text of a chunk the answer cites.</param>
/// <param name="CitationPrecisionVerifier">Share of citations whose citing answer sentence the product's verifier marked supported.</param>
/// <param name="CitationPrecisionQuote">Share of citations whose quote holds at least half of the content words of its citing sentence.</param>
/// <param name="CitationsNotRetrieved">Citations whose chunk was not among this command's own retrieval for the question (counted as not containing the gold).</param>
public sealed record QaEvalReport(
    string Dataset,
    int Contexts,
    int Questions,
    int Chunks,
    int FailedDocuments,
    double IngestSeconds,
    int Top,
    string Mode,
    bool RetrievalOnly,
    double GoldInTop,
    double GoldInTopSections,
    double GoldDocumentInTop,
    double GoldInSomeChunk,
    double Found,
    double GoldInAnswer,
    double GoldInCited,
    int Citations,
    double CitationPrecisionVerifier,
    double CitationPrecisionQuote,
    int CitationsNotRetrieved,
    double RetrievalP50Ms,
    double RetrievalP95Ms,
    double AskP50Ms,
    double AskP95Ms)
{
    public string ToKeyValueLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"dataset={Dataset} contexts={Contexts} questions={Questions} chunks={Chunks} failed_documents={FailedDocuments} ingest_s={IngestSeconds:F1} "
        + $"top={Top} mode={Mode} retrieval_only={RetrievalOnly} gold_in_top={GoldInTop:F4} gold_in_top_sections={GoldInTopSections:F4} gold_doc_in_top={GoldDocumentInTop:F4} gold_in_some_chunk={GoldInSomeChunk:F4} "
        + $"found={Found:F4} gold_in_answer={GoldInAnswer:F4} gold_in_cited={GoldInCited:F4} citations={Citations} "
        + $"citation_precision_verifier={CitationPrecisionVerifier:F4} citation_precision_quote={CitationPrecisionQuote:F4} citations_not_retrieved={CitationsNotRetrieved} "
        + $"retrieval_p50_ms={RetrievalP50Ms:F1} retrieval_p95_ms={RetrievalP95Ms:F1} ask_p50_ms={AskP50Ms:F1} ask_p95_ms={AskP95Ms:F1}");
}
