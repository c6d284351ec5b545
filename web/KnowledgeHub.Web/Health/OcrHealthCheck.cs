using KnowledgeHub.Ingestion.Parsing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeHub.Web.Health;

/// <summary>
/// Says whether OCR runs (Tesseract and pdftoppm found, which languages). Always healthy: without OCR the server still
/// serves everything but scanned PDFs and images, so a missing OCR engine must not take it out of rotation.
/// </summary>
public sealed class OcrHealthCheck(OcrReader ocr) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(ocr.Availability.Description));
}
