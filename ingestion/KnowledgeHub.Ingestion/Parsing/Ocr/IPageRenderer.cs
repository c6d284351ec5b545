namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>The seam to a PDF renderer (poppler's pdftoppm behind it): one page of a PDF file to an image file.</summary>
public interface IPageRenderer
{
    OcrAvailability Availability { get; }

    /// <summary>Renders page <paramref name="page"/> (1-based) at <paramref name="dpi"/>; returns the image file's path.</summary>
    /// <param name="outputStem">Path without extension for the image; the renderer adds its own.</param>
    Task<string> RenderAsync(string pdfPath, int page, int dpi, string outputStem, CancellationToken cancellationToken = default);
}
