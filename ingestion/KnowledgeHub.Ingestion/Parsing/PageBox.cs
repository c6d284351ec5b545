namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// A rectangle on a page in PDF points, as PdfPig reports positions: origin at the bottom-left corner of the page as
/// displayed (user space once the crop box and /Rotate are applied; the two agree on an ordinary unrotated page).
/// </summary>
public sealed record PageBox(double Left, double Bottom, double Right, double Top)
{
    public double Width => Right - Left;

    public double Height => Top - Bottom;

    /// <summary>The smallest box holding both.</summary>
    public PageBox Union(PageBox other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new PageBox(Math.Min(Left, other.Left), Math.Min(Bottom, other.Bottom), Math.Max(Right, other.Right), Math.Max(Top, other.Top));
    }
}
