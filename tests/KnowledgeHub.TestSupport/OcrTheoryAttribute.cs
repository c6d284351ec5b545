namespace KnowledgeHub.TestSupport;

/// <summary>The theory form of <see cref="OcrFactAttribute"/>: skipped with the same reason where Tesseract, pdftoppm or the data is missing.</summary>
public sealed class OcrTheoryAttribute : TheoryAttribute
{
    public OcrTheoryAttribute()
    {
        Skip = ScannedPages.MissingReason;
    }
}
