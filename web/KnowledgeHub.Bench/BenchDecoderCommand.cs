using System.Diagnostics;
using System.Globalization;
using KnowledgeHub.Infra.Llama;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.AI;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench decoder --KnowledgeHub:Model:Path=model.gguf`: streams one fixed prompt through the configured local decoder
/// several times (after a warm-up) and reports the prompt's tokens, the time to the first token (prefill) and decode
/// tokens/s (completion tokens after the first over the time after it). With stories260K it measures plumbing only.
/// </summary>
public static class BenchDecoderCommand
{
    private const string Prompt =
        "Once upon a time there was a little robot who lived in a big library. Every night the robot read one book. One night it found a book with no words.";

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "tokens", "runs" }, new HashSet<string>());
        if (parsed.Positionals.Count != 0)
        {
            throw new ArgumentException("Usage: bench decoder --KnowledgeHub:Model:Path=model.gguf [--tokens 128] [--runs 5]");
        }

        var tokens = parsed.Value("tokens") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : 128;
        var runs = parsed.Value("runs") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 5;
        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var decoder = app.Services.GetService<LlamaChatClient>()
            ?? throw new ArgumentException("bench decoder needs a local GGUF model: set KnowledgeHub:Model:Path.");
        var options = new ChatOptions { MaxOutputTokens = tokens, Temperature = 0 };
        ChatMessage[] messages = [new(ChatRole.User, Prompt)];

        await foreach (var _ in decoder.GetStreamingResponseAsync(messages, new ChatOptions { MaxOutputTokens = 8 }))
        {
            // Warm-up: loads the weights' pages and JIT-compiles the path.
        }

        var firstTokenMs = new List<double>();
        var decodeRates = new List<double>();
        var completionTokens = 0L;
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            double? first = null;
            var produced = 0;
            await foreach (var update in decoder.GetStreamingResponseAsync(messages, options))
            {
                if (string.IsNullOrEmpty(update.Text))
                {
                    continue;
                }

                first ??= clock.Elapsed.TotalMilliseconds;
                produced++;
            }

            var total = clock.Elapsed.TotalMilliseconds;
            firstTokenMs.Add(first ?? total);
            completionTokens += produced;
            if (produced > 1)
            {
                decodeRates.Add((produced - 1) / ((total - first!.Value) / 1000));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model={decoder.ModelId} context={decoder.ContextSize} prompt_tokens={decoder.CountTokens(Prompt)} runs={runs} max_tokens={tokens} "
            + $"completion_tokens_avg={(double)completionTokens / runs:F1} first_token_ms_median={Median(firstTokenMs):F1} "
            + $"decode_tokens_per_s_median={(decodeRates.Count == 0 ? 0 : Median(decodeRates)):F0}"));
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
