using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Web.Health;

/// <summary>Says in the start-up log whether OCR runs here, so that an operator learns it before the first scan fails.</summary>
public sealed class OcrStartupReport(OcrReader ocr, ILogger<OcrStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Probing runs two short processes; off the start-up path, so a slow disk does not delay serving.
        _ = Task.Run(
            () =>
            {
                var availability = ocr.Availability;
                if (availability.IsAvailable)
                {
                    HealthLog.OcrOn(logger, availability.Description);
                }
                else
                {
                    HealthLog.OcrOff(logger, availability.Description);
                }
            },
            CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
