using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Orchestration.Grounding;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `eval-answerability`: does "found" mean the documents answer? Builds answerable and unanswerable questions by
/// withholding documents (<see cref="AnswerabilitySet"/>) from COVID-QA and/or a BEIR set, ingests what is kept through
/// the product pipeline, asks every question with the product's settings and reports found / not-found rates, whether
/// the gold answer stands in a cited quote, whether every kept sentence lies inside a chunk it cites and citations come
/// in first-use order, and ask latency. Then it calibrates: for each similarity weight and absent-word penalty, the
/// answerability threshold that leaves the most unanswerable questions unfound while every set keeps ≥ 90% of its
/// answerable questions found.
/// </summary>
public static class EvalAnswerabilityCommand
{
    private const string Usage =
        "Usage: eval-answerability [--squad covidqa.json] [--beir scifact-folder] [--per-side N] [--distractors N] [--json] [--dump features.jsonl] [--show-found N]";

    private const double MinAnswerableFound = 0.90;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static readonly JsonSerializerOptions LineJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "squad", "beir", "per-side", "distractors", "dump", "show-found" }, new HashSet<string> { "json" });
        var perSide = parsed.Value("per-side") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : int.MaxValue;
        var distractors = parsed.Value("distractors") is { } d ? int.Parse(d, CultureInfo.InvariantCulture) : int.MaxValue;
        var sets = new List<AnswerabilitySet>();
        if (parsed.Value("squad") is { } squad)
        {
            sets.Add(AnswerabilitySet.FromSquad(SquadDataset.Load(squad), perSide));
        }

        if (parsed.Value("beir") is { } beir)
        {
            sets.Add(AnswerabilitySet.FromBeir(BeirDataset.Load(beir), perSide, distractors));
        }

        if (sets.Count == 0 || parsed.Positionals.Count > 0)
        {
            throw new ArgumentException(Usage);
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        await app.Services.GetRequiredService<IDocumentStore>().InitializeAsync();
        var reports = new List<AnswerabilityRun>();
        foreach (var set in sets)
        {
            reports.Add(await EvaluateAsync(app.Services, set, Console.Error));
        }

        if (parsed.Value("dump") is { } dump)
        {
            await File.WriteAllLinesAsync(dump, reports.SelectMany(r => r.Rows).Select(r => JsonSerializer.Serialize(r, LineJson)));
        }

        var settings = app.Services.Settings<AnswerOptions>();
        var calibration = AnswerabilityCalibration.Fit(reports, MinAnswerableFound);
        if (parsed.Has("json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(new { sets = reports.Select(r => r.Summary), calibration }, Json));
        }
        else
        {
            foreach (var run in reports)
            {
                Console.WriteLine(run.Summary.ToLine());
            }

            Console.WriteLine(calibration.ToText(settings.AnswerabilitySimilarityWeight, settings.AbsentTermPenalty, settings.MinAnswerability));
        }

        if (parsed.Value("show-found") is { } show)
        {
            // The construction is noisy: these are the unanswerable questions to read by hand.
            foreach (var row in reports.SelectMany(r => r.Rows).Where(r => !r.Answerable && r.Found).Take(int.Parse(show, CultureInfo.InvariantCulture)))
            {
                Console.WriteLine($"--- {row.Set} {row.Id}: {row.Question}\n    gold: {string.Join(" | ", row.Golds)}\n    answer: {row.Answer}");
            }
        }

        return 0;
    }

    public static async Task<AnswerabilityRun> EvaluateAsync(IServiceProvider services, AnswerabilitySet set, TextWriter progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(progress);
        var tenant = services.Settings<KnowledgeHubOptions>().DefaultTenant;
        var collection = $"answerability-{set.Name}";
        var files = await IngestAsync(services, set, tenant, collection, progress, cancellationToken);
        var store = services.GetRequiredService<IDocumentStore>();
        var answers = services.GetRequiredService<AnswerService>();
        var chunkTexts = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new List<AnswerabilityRow>();
        var latencies = new List<double>();
        if (set.Questions.Count > 0)
        {
            // Warm-up: the first call pays for JIT and model load.
            await answers.AskAsync(new AskRequest(set.Questions[0].Text, tenant, collection), cancellationToken);
        }

        foreach (var question in set.Questions)
        {
            var request = new AskRequest(question.Text, tenant, collection);
            var clock = Stopwatch.StartNew();
            var answer = await answers.AskAsync(request, cancellationToken);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            var judged = await answers.JudgeAsync(request, cancellationToken);
            var inQuote = question.Golds.Count > 0
                ? answer.Citations.Any(c => AnswerMatching.ContainsAny(AnswerMatching.Normalize(c.Quote), question.Golds))
                : answer.Citations.Any(c => question.Sources.Contains(c.FileName, StringComparer.Ordinal));
            var inChunks = await SentencesInsideCitedChunksAsync(store, answer, chunkTexts, cancellationToken);
            rows.Add(new AnswerabilityRow(
                set.Name, question.Id, question.Text, question.Answerable, answer.Found, inQuote, inChunks, CitationOrder.IsFirstUse((answer.Sentences ?? []).Where(s => s.Kept).Select(s => s.Citations)),
                judged.Score, judged.TermCoverage, judged.Similarity, judged.AbsentTerms.Count, question.Golds, answer.Text));
            if (rows.Count % 100 == 0)
            {
                await progress.WriteLineAsync($"{set.Name}: asked {rows.Count}/{set.Questions.Count}");
            }
        }

        return new AnswerabilityRun(AnswerabilitySummary.Of(set.Name, files, rows, latencies), rows);
    }

    /// <summary>Every kept sentence of the answer stands inside the text of a chunk it cites.</summary>
    private static async Task<bool> SentencesInsideCitedChunksAsync(
        IDocumentStore store, Answer answer, Dictionary<string, string> chunkTexts, CancellationToken cancellationToken)
    {
        foreach (var sentence in (answer.Sentences ?? []).Where(s => s.Kept))
        {
            var inside = false;
            foreach (var citation in answer.Citations.Where(c => sentence.Citations.Contains(c.Number)))
            {
                if (!chunkTexts.TryGetValue(citation.ChunkId, out var text))
                {
                    foreach (var chunk in await store.GetChunksAsync(citation.DocumentId, cancellationToken))
                    {
                        chunkTexts[chunk.Id] = chunk.Text;
                    }

                    text = chunkTexts.GetValueOrDefault(citation.ChunkId, string.Empty);
                }

                inside |= text.Contains(sentence.Text, StringComparison.Ordinal);
            }

            if (!inside)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<int> IngestAsync(
        IServiceProvider services, AnswerabilitySet set, string tenant, string collection, TextWriter progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var ingested = 0;
        foreach (var document in set.Documents)
        {
            var (_, ran) = await TextDocumentIngestion.IngestAsync(services, tenant, collection, document.FileName, document.Text, cancellationToken);
            if (ran && ++ingested % 100 == 0)
            {
                await progress.WriteLineAsync($"{set.Name}: ingested {ingested}/{set.Documents.Count} documents ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }

        return set.Documents.Count;
    }
}
