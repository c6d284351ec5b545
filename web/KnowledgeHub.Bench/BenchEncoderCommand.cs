using System.Diagnostics;
using System.Globalization;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench encoder <BEIR folder>`: embeds the first N corpus texts (title and text, as `bench ingest` uploads them) with
/// the configured encoder, one call per batch in corpus order after a warm-up batch, and reports texts/s and tokens/s.
/// Tokens are what the model really sees: the text's tokens plus the two special tokens, cut at the model's limit.
/// </summary>
public static class BenchEncoderCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "limit", "batch" }, new HashSet<string>());
        if (parsed.Positionals.Count != 1)
        {
            throw new ArgumentException("Usage: bench encoder <BEIR folder> [--limit N] [--batch N]");
        }

        var limit = parsed.Value("limit") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : 2000;
        var configuration = parsed.Configuration.ToList();
        if (parsed.Value("batch") is { } b)
        {
            configuration.Add($"--{EncoderOptions.Section}:{nameof(EncoderOptions.BatchSize)}={int.Parse(b, CultureInfo.InvariantCulture)}");
        }

        var texts = BeirDataset.Load(parsed.Positionals[0]).Corpus.Take(limit).Select(d => d.FullText).ToList();
        if (texts.Count == 0)
        {
            throw new ArgumentException($"The corpus in {parsed.Positionals[0]} is empty.");
        }

        await using var app = KnowledgeHubApp.CreateTool([.. configuration]);
        var batchSize = app.Services.Settings<EncoderOptions>().BatchSize;
        var encoder = app.Services.GetRequiredService<ITextEncoder>();
        var tokens = texts.Sum(t => (long)Math.Min(encoder.CountTokens(t) + 2, encoder.MaxTokens));

        // The warm-up pays for session initialisation and JIT; ONNX Runtime allocates its arenas on first runs.
        await encoder.EmbedAsync(texts.Take(batchSize).ToList(), EmbeddingPurpose.Passage);

        var clock = Stopwatch.StartNew();
        for (var offset = 0; offset < texts.Count; offset += batchSize)
        {
            await encoder.EmbedAsync(texts.GetRange(offset, Math.Min(batchSize, texts.Count - offset)), EmbeddingPurpose.Passage);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var provider = (encoder as OnnxTextEncoder)?.ExecutionProvider ?? "unknown";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model={encoder.ModelId} provider={provider} texts={texts.Count} batch={batchSize} tokens={tokens} avg_tokens={(double)tokens / texts.Count:F0} max_tokens={encoder.MaxTokens} wall_s={seconds:F1} texts_per_s={texts.Count / seconds:F1} tokens_per_s={tokens / seconds:F0}"));
        return 0;
    }
}
