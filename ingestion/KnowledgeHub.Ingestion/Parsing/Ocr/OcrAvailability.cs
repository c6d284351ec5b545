namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <param name="Description">What runs (program and version, languages), or why nothing can; shown in /health/ready.</param>
/// <param name="Languages">Languages the engine reads here, e.g. "eng", "chi_sim"; empty for a renderer.</param>
public sealed record OcrAvailability(bool IsAvailable, string Description, IReadOnlyList<string> Languages)
{
    public static OcrAvailability Off(string reason) => new(false, reason, []);
}
