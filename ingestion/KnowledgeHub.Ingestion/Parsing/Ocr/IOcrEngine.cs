namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>
/// The seam to an OCR engine (Tesseract behind it): an image file in, its words with boxes and confidences out.
/// An implementation stops its work (kills its process) when the token is cancelled.
/// </summary>
public interface IOcrEngine
{
    /// <summary>Whether the engine can run here, and which languages it reads; probed once.</summary>
    OcrAvailability Availability { get; }

    /// <summary>
    /// Reads every frame of the image (one for most formats, several for a multi-page TIFF), in frame order.
    /// Throws <see cref="DocumentRejectedException"/> when the engine cannot read the image at all.
    /// </summary>
    /// <param name="dpi">The image's resolution when the caller knows it (a rendered page); null lets the engine estimate it.</param>
    Task<IReadOnlyList<OcrPage>> RecognizeAsync(string imagePath, int? dpi, CancellationToken cancellationToken = default);
}
