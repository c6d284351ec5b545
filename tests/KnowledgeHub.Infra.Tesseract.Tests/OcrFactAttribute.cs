using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Infra.Tesseract.Tests;

/// <summary>
/// A fact that runs the real Tesseract and pdftoppm on scans made from `../shared`: skipped with the reason where
/// either program or the data is missing (CI installs both; a skip there is counted).
/// </summary>
public sealed class OcrFactAttribute : FactAttribute
{
    public OcrFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Scans.Tesseract) || !File.Exists(Scans.PdfToPpm))
        {
            Skip = $"{Scans.Tesseract} and {Scans.PdfToPpm} are needed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-osd poppler-utils).";
        }
        else if (SharedData.RootOrNull is null && !SharedData.IsCi)
        {
            Skip = "../shared (test data) is not present beside the checkout; set KNOWLEDGEHUB_SHARED to run this test.";
        }
    }
}
