using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration;

public sealed record AskRequest(string Question, string Tenant, string? Collection = null, int? MaxTokens = null)
{
    /// <summary>
    /// What retrieval may read beyond tenant and collection (the asking key's access groups, tags, metadata); its tenant
    /// and collection are replaced by the request's. Null searches the whole collection.
    /// </summary>
    public SearchFilter? Filter { get; init; }

    /// <summary>The search filter of this request: <see cref="Filter"/> narrowed to the request's tenant and collection.</summary>
    public SearchFilter SearchFilter =>
        Filter is { } filter ? filter with { Tenant = Tenant, Collection = Collection } : new SearchFilter(Tenant, Collection);
}

/// <param name="Number">The [n] marker used in the answer text.</param>
/// <param name="Start">Start of the first quoted span in the chunk text (character offset).</param>
/// <param name="End">End (exclusive) of the last quoted span in the chunk text.</param>
/// <param name="Quote">The quoted spans' texts joined by "\n": one sentence, or a table's header row and its matching rows.</param>
/// <param name="HeadingPath">The section the cited chunk belongs to, e.g. "3 Methods > 3.2 Data".</param>
/// <param name="Box">Where the cited chunk sits on its page (PDF points), when known.</param>
/// <param name="Version">The document version the quoted chunk belongs to.</param>
/// <param name="Spans">
/// The quoted pieces of the chunk text in order: one for a sentence; the header row and each matching row for a table.
/// Null on citations stored before spans existed; read those as the one span Start..End.
/// </param>
/// <param name="Metadata">The cited document's metadata as the API shows it; null when it has none.</param>
public sealed record Citation(
    int Number,
    string ChunkId,
    string DocumentId,
    string FileName,
    int? Page,
    int Start,
    int End,
    string Quote,
    int Version = 1,
    PageBox? Box = null,
    string? HeadingPath = null,
    IReadOnlyList<QuoteSpan>? Spans = null,
    IReadOnlyDictionary<string, object>? Metadata = null)
{
    // A record compares lists by reference; two citations quoting the same spans are the same citation.
    public bool Equals(Citation? other) =>
        other is not null
        && (Number, ChunkId, DocumentId, FileName, Page, Start, End, Quote, Version, Box, HeadingPath)
            == (other.Number, other.ChunkId, other.DocumentId, other.FileName, other.Page, other.Start, other.End, other.Quote, other.Version, other.Box, other.HeadingPath)
        && (Spans ?? []).SequenceEqual(other.Spans ?? []);

    public override int GetHashCode() => HashCode.Combine(Number, ChunkId, Start, End, Quote, Version);
}

/// <summary>A quoted half-open range [Start, End) of a chunk's text.</summary>
public sealed record QuoteSpan(int Start, int End);

/// <summary>A passage near the question that does not answer it, offered to the reader instead of a citation.</summary>
/// <param name="Snippet">The passage sentence closest to the question (at most a few hundred characters).</param>
public sealed record RelatedPassage(string ChunkId, string DocumentId, string FileName, int? Page, string? HeadingPath, int Version, string Snippet);

public sealed record AnswerUsage(int PromptTokens, int CompletionTokens, double RetrievalMs, double GenerationMs);

/// <param name="Found">
/// True when the documents answer the question: its <paramref name="Answerability"/> reaches the threshold and an answer
/// was written from them. False answers say so, and name the near passages in <paramref name="Related"/>.
/// </param>
/// <param name="Generator">"extractive" or the decoder's model id.</param>
/// <param name="PromptVersion">Id and version of the prompt template the decoder was given (e.g. "answer.v1"); null for extractive answers.</param>
/// <param name="Grounded">
/// True only when the answer addresses the question (found: answerability over the threshold) and every sentence left in
/// its text is supported by the passage it cites (extractive sentences lie wholly inside it; a decoder's sentences reach
/// <see cref="AnswerOptions.MinSentenceSupport"/> against it).
/// </param>
/// <param name="Sentences">Each sentence's verification, sentences dropped for lack of support included (<see cref="SentenceSupport.Kept"/>).</param>
/// <param name="Answerability">0..1: how well the retrieved passages answer the question (<see cref="Grounding.AnswerabilityReport"/>).</param>
/// <param name="Related">Near passages that do not answer, for a "not found" answer; empty otherwise.</param>
public sealed record Answer(
    string Text,
    IReadOnlyList<Citation> Citations,
    bool Found,
    string Generator,
    AnswerUsage Usage,
    string? PromptVersion = null,
    bool Grounded = false,
    IReadOnlyList<SentenceSupport>? Sentences = null,
    double Answerability = 0,
    IReadOnlyList<RelatedPassage>? Related = null);

/// <summary>A streamed piece of an answer: text deltas, then one final event carrying the whole answer.</summary>
public sealed record AnswerUpdate(string? Delta, Answer? Final);
