namespace KnowledgeHub.Retrieval;

/// <summary>
/// A rectangle on a page in PDF points, as PdfPig reports positions: origin at the bottom-left corner of the page as
/// displayed (user space once the crop box and /Rotate are applied; the two agree on an ordinary unrotated page).
/// </summary>
public sealed record PageBox(double Left, double Bottom, double Right, double Top)
{
    /// <summary>"left,bottom,right,top" with invariant numbers: how stores and the index keep a box.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Left:0.##},{Bottom:0.##},{Right:0.##},{Top:0.##}");

    /// <summary>Reads <see cref="ToString"/>'s form; null for null or malformed text.</summary>
    public static PageBox? Parse(string? text)
    {
        var parts = text?.Split(',');
        if (parts is not { Length: 4 })
        {
            return null;
        }

        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return new PageBox(values[0], values[1], values[2], values[3]);
    }

    public double Width => Right - Left;

    public double Height => Top - Bottom;

    /// <summary>The smallest box holding both.</summary>
    public PageBox Union(PageBox other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new PageBox(Math.Min(Left, other.Left), Math.Min(Bottom, other.Bottom), Math.Max(Right, other.Right), Math.Max(Top, other.Top));
    }
}
