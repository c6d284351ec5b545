using KnowledgeHub.Retrieval;
using System.Text;
using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Chunking;

/// <summary>
/// Packs pieces into chunks of at most MaxTokens, counted on the exact text each chunk will have. The open chunk
/// holds overlap pieces (repeated from the previous chunk) followed by new pieces; a chunk is only emitted when it
/// has new pieces, so the overlap never produces a chunk of its own.
/// </summary>
internal sealed class ChunkAssembler(Func<string, int> countTokens, ChunkingOptions options, CancellationToken cancellationToken = default)
{
    private readonly List<TextChunk> chunks = [];
    private readonly List<ChunkPiece> pieces = [];
    private int overlapCount;
    private int? page;
    private string? headingPath;

    private bool HasNewPieces => pieces.Count > overlapCount;

    private bool HasOnlyHeadings => HasNewPieces && pieces.Skip(overlapCount).All(p => p.Kind == PieceKind.Heading);

    /// <summary>A chunk never spans pages or sections; a chunk holding nothing but headings moves on into the
    /// section they introduce (same page only), so that a heading is never a chunk of its own when avoidable.</summary>
    public void BeginSection(int? sectionPage, string? sectionPath)
    {
        if (!(HasOnlyHeadings && page == sectionPage))
        {
            Emit(keepOverlap: false);
        }

        page = sectionPage;
        headingPath = sectionPath;
    }

    public void AddHeading(string text, PageBox? box)
    {
        if (HasNewPieces && !HasOnlyHeadings)
        {
            Emit(keepOverlap: false);
        }
        else
        {
            DropOverlap();
        }

        foreach (var piece in Fitted(text, "\n", PieceKind.Heading, box))
        {
            Append(piece);
        }
    }

    public void AddSentence(string text, string separatorAfter, PageBox? box)
    {
        foreach (var piece in Fitted(text, separatorAfter, PieceKind.Sentence, box))
        {
            Append(piece);
        }
    }

    /// <summary>A table stays whole when it fits in a chunk; otherwise it is cut between rows and each part repeats
    /// the header row, so every part can still be read on its own.</summary>
    public void AddTable(IReadOnlyList<string> rows, PageBox? box)
    {
        var whole = new ChunkPiece(string.Join('\n', rows), "\n", PieceKind.Table, box);
        if (Fits(whole))
        {
            AppendFitting(whole);
            return;
        }

        if (HasNewPieces && !HasOnlyHeadings)
        {
            Emit(keepOverlap: false);
        }
        else
        {
            DropOverlap();
        }

        if (Fits(whole))
        {
            AppendFitting(whole);
            return;
        }

        var header = rows[0];
        var repeatHeader = rows.Count > 1 && countTokens(header) * 2 <= options.MaxTokens;
        List<string> lead = repeatHeader ? [header] : [];
        var part = new List<string>(lead);
        foreach (var row in repeatHeader ? rows.Skip(1) : rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            part.Add(row);
            if (Fits(TablePart(part, box)))
            {
                continue;
            }

            part.RemoveAt(part.Count - 1);
            if (part.Count > lead.Count)
            {
                AppendFitting(TablePart(part, box));
            }

            // Either the part is full, or the heading prefix leaves no room for even one row.
            Emit(keepOverlap: false);
            part = [.. lead, row];
            if (Fits(TablePart(part, box)))
            {
                continue;
            }

            foreach (var piece in Fitted(row, "\n", PieceKind.Fragment, box))
            {
                Append(piece);
            }

            Emit(keepOverlap: false);
            part = [.. lead];
        }

        if (part.Count > lead.Count)
        {
            AppendFitting(TablePart(part, box));
        }
    }

    public IReadOnlyList<TextChunk> Finish()
    {
        Emit(keepOverlap: false);
        return chunks;
    }

    private static ChunkPiece TablePart(List<string> rows, PageBox? box) => new(string.Join('\n', rows), "\n", PieceKind.Table, box);

    /// <summary>The piece itself, or its fragments when it exceeds the budget on its own.</summary>
    private IEnumerable<ChunkPiece> Fitted(string text, string separatorAfter, PieceKind kind, PageBox? box)
    {
        if (countTokens(text) <= options.MaxTokens)
        {
            return [new ChunkPiece(text, separatorAfter, kind, box)];
        }

        var fragments = OversizeSplitter.Split(text, countTokens, options.MaxTokens, cancellationToken);
        return fragments.Select((f, i) => new ChunkPiece(
            f.Text,
            i == fragments.Count - 1 ? separatorAfter : f.SeparatorAfter,
            kind == PieceKind.Heading ? PieceKind.Heading : PieceKind.Fragment,
            box));
    }

    /// <summary>Appends a piece that fits in an empty chunk, starting a new chunk (with overlap) when the open one is full.</summary>
    private void Append(ChunkPiece piece)
    {
        if (Fits(piece))
        {
            pieces.Add(piece);
            return;
        }

        if (HasNewPieces)
        {
            Emit(keepOverlap: piece.Kind == PieceKind.Sentence || piece.Kind == PieceKind.Fragment);
        }

        while (pieces.Count > 0 && !Fits(piece))
        {
            pieces.RemoveAt(0);
            overlapCount = Math.Max(0, overlapCount - 1);
        }

        pieces.Add(piece);
    }

    private void AppendFitting(ChunkPiece piece) => pieces.Add(piece);

    private bool Fits(ChunkPiece piece) => countTokens(Text(pieces, piece)) <= options.MaxTokens;

    private void DropOverlap()
    {
        if (!HasNewPieces)
        {
            pieces.Clear();
            overlapCount = 0;
        }
    }

    private void Emit(bool keepOverlap)
    {
        if (HasNewPieces)
        {
            var text = Text(pieces, extra: null);
            chunks.Add(new TextChunk(chunks.Count, text, page, headingPath, countTokens(text), Box(pieces)));
            var overlap = keepOverlap ? Overlap() : [];
            pieces.Clear();
            pieces.AddRange(overlap);
            overlapCount = overlap.Count;
        }
        else if (!keepOverlap)
        {
            pieces.Clear();
            overlapCount = 0;
        }
    }

    /// <summary>The trailing sentences of the open chunk that together stay within OverlapTokens.</summary>
    private List<ChunkPiece> Overlap()
    {
        var take = 0;
        for (var i = pieces.Count - 1; i >= overlapCount && pieces[i].Kind == PieceKind.Sentence; i--)
        {
            if (countTokens(Text(pieces.GetRange(i, pieces.Count - i), extra: null)) > options.OverlapTokens)
            {
                break;
            }

            take = pieces.Count - i;
        }

        return pieces.GetRange(pieces.Count - take, take);
    }

    private static PageBox? Box(List<ChunkPiece> pieces) =>
        pieces.Select(p => p.Box).OfType<PageBox>().Aggregate((PageBox?)null, (union, box) => union?.Union(box) ?? box);

    private static string Text(List<ChunkPiece> pieces, ChunkPiece? extra)
    {
        var text = new StringBuilder();
        for (var i = 0; i < pieces.Count; i++)
        {
            text.Append(pieces[i].Text);
            if (i < pieces.Count - 1 || extra is not null)
            {
                text.Append(pieces[i].SeparatorAfter);
            }
        }

        if (extra is { } piece)
        {
            text.Append(piece.Text);
        }

        return text.ToString();
    }
}
