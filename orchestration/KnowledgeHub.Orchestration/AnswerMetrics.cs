using System.Diagnostics.Metrics;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration;

/// <summary>Answer latency (retrieval to verified answer) and decoder tokens, tagged by generator.</summary>
public sealed class AnswerMetrics
{
    public const string DurationName = "knowledgehub.answer.duration";
    public const string TokensName = "knowledgehub.answer.tokens";

    private readonly Histogram<double> duration;
    private readonly Counter<long> tokens;

    public AnswerMetrics(IMeterFactory? meterFactory = null)
    {
        var meter = KnowledgeHubTelemetry.CreateMeter(meterFactory);
        duration = KnowledgeHubTelemetry.SecondsHistogram(meter, DurationName, "Time from the question to the verified answer, retrieval included.");
        tokens = meter.CreateCounter<long>(TokensName, "{token}", "Decoder tokens, by type: input (prompt) and output (completion).");
    }

    public void Answered(Answer answer, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var generator = new KeyValuePair<string, object?>("generator", answer.Generator);
        duration.Record(elapsed.TotalSeconds, generator, new KeyValuePair<string, object?>("found", answer.Found));
        if (answer.Usage.PromptTokens > 0)
        {
            tokens.Add(answer.Usage.PromptTokens, generator, new KeyValuePair<string, object?>("token.type", "input"));
        }

        if (answer.Usage.CompletionTokens > 0)
        {
            tokens.Add(answer.Usage.CompletionTokens, generator, new KeyValuePair<string, object?>("token.type", "output"));
        }
    }
}
