namespace KnowledgeHub.TestSupport;

/// <summary>
/// A fact that runs the real Tesseract and pdftoppm on scans made from `../shared`: skipped with the reason where
/// either program or the data is missing (CI installs both; a skip there is counted).
/// </summary>
public sealed class OcrFactAttribute : FactAttribute
{
    public OcrFactAttribute()
    {
        Skip = ScannedPages.MissingReason;
    }
}
