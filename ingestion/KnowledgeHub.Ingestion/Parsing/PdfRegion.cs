namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>One text block found by PdfPig's layout analysis, with what the heading heuristics need to know about it.</summary>
/// <param name="FontSize">Median point size of its letters.</param>
/// <param name="Top">Top edge in PDF user space (y grows upwards).</param>
internal sealed record PdfRegion(string Text, int Page, double FontSize, double Top, double Bottom, int LineCount)
{
    public bool IsHeading { get; set; }

    public string? HeadingPath { get; set; }
}
