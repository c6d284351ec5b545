namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>A page whose text came from OCR, and how sure the engine was of it.</summary>
/// <param name="Page">1-based page (or image frame).</param>
/// <param name="Confidence">Mean word confidence, 0 to 100; null when OCR found no words.</param>
/// <param name="LowConfidence">Below <see cref="OcrOptions.LowConfidence"/>: kept, but its text may be wrong.</param>
public sealed record OcrPageQuality(int Page, double? Confidence, bool LowConfidence);
