using KnowledgeHub.Retrieval;
namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>One text block found by PdfPig's layout analysis, with what the heading heuristics need to know about it.</summary>
/// <param name="FontSize">Median point size of its letters.</param>
/// <param name="Box">The union of its words' boxes.</param>
internal sealed record PdfRegion(string Text, int Page, double FontSize, PageBox Box, int LineCount)
{
    /// <summary>Top edge in PDF user space (y grows upwards).</summary>
    public double Top => Box.Top;

    public double Bottom => Box.Bottom;

    /// <summary>Text in <see cref="TableText"/>'s row format rather than running text.</summary>
    public bool IsTable { get; init; }

    public bool IsHeading { get; set; }

    public string? HeadingPath { get; set; }
}
