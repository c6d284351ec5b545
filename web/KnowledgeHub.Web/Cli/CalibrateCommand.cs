using System.Globalization;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration.Grounding;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Evaluation;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Web.Cli;

/// <summary>
/// `calibrate`: measures where the configured encoder's cosines lie (<see cref="EncoderCalibrator"/>) and stores the
/// thresholds of the relevance gate and the sentence verifier beside the model (<see cref="CalibrationFiles"/>), where
/// every later start reads them. The questions come from a BEIR folder (queries with their relevant documents) or from
/// a collection's own chunks (<see cref="EncoderCalibrator.PseudoQuestions"/>).
/// </summary>
public static class CalibrateCommand
{
    private const string Usage =
        "Usage: calibrate [--collection name] [--tenant name] | --beir <folder> [--split test]  [--questions N] [--dry-run]";

    private const int DefaultQuestions = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "collection", "tenant", "beir", "split", "questions" }, new HashSet<string> { "dry-run" });
        if (parsed.Positionals.Count != 0 || (parsed.Value("beir") is not null && (parsed.Value("collection") ?? parsed.Value("tenant")) is not null))
        {
            throw new ArgumentException(Usage);
        }

        var count = parsed.Value("questions") is { } n
            ? int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedCount) && parsedCount >= EncoderCalibrator.MinQuestions
                ? parsedCount
                : throw new ArgumentException($"--questions must be a whole number of at least {EncoderCalibrator.MinQuestions}. {Usage}")
            : DefaultQuestions;

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var services = app.Services;
        var encoder = services.GetRequiredService<ITextEncoder>();
        IReadOnlyList<CalibrationQuestion> questions;
        IReadOnlyList<string> corpus;
        string source;
        if (parsed.Value("beir") is { } beir)
        {
            if (!Directory.Exists(beir))
            {
                throw new ArgumentException($"The BEIR folder '{beir}' does not exist. {Usage}");
            }

            var dataset = BeirDataset.Load(beir, parsed.Value("split") ?? "test");
            (questions, corpus) = FromBeir(dataset, count);
            source = string.Create(CultureInfo.InvariantCulture, $"BEIR {dataset.Name}: {questions.Count} queries against their relevant documents");
        }
        else
        {
            var store = services.GetRequiredService<IDocumentStore>();
            await store.InitializeAsync();
            var tenant = parsed.Value("tenant") ?? services.Settings<KnowledgeHubOptions>().DefaultTenant;
            var collection = parsed.Value("collection");
            var chunks = new List<string>();
            foreach (var document in (await store.ListAsync(tenant, collection)).Where(d => d.Status == DocumentStatus.Completed))
            {
                chunks.AddRange((await store.GetChunksAsync(document.Id)).Where(c => c.Version == document.Version).Select(c => c.Text));
            }

            questions = EncoderCalibrator.PseudoQuestions(chunks, count);
            corpus = chunks;
            source = string.Create(
                CultureInfo.InvariantCulture,
                $"collection {collection ?? "(all)"} of tenant {tenant}: {questions.Count} sentences of its chunks against the rest of their chunk");
        }

        Console.WriteLine($"calibrate: {encoder.ModelId} ({string.Join(", ", encoder.Languages)}), {source}");
        CalibrationFit fit;
        try
        {
            fit = await EncoderCalibrator.FitAsync(encoder, questions, corpus);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message + " Nothing was written.");
            return ExitCodes.Failed;
        }

        Print(fit.Calibration, "thresholds");
        foreach (var (language, calibration) in fit.Calibration.Languages)
        {
            Print(calibration, $"thresholds for '{language}'");
        }

        foreach (var note in fit.Notes)
        {
            Console.WriteLine(note);
        }

        if (parsed.Has("dry-run"))
        {
            Console.WriteLine("dry run: nothing written");
            return 0;
        }

        var file = new CalibrationFile { ModelId = encoder.ModelId, Source = source, Calibration = fit.Calibration };
        foreach (var (language, pairs) in fit.Pairs)
        {
            file.Pairs[language] = pairs;
        }

        var written = CalibrationFiles.Write(file, services.Settings<EncoderOptions>(), services.GetRequiredService<DataPaths>());
        Console.WriteLine($"wrote {written}; the product uses it for {encoder.ModelId} from its next start");
        return 0;
    }

    /// <summary>Queries evenly spread over the set, each with its relevant documents; the whole corpus as the pool of unrelated ones.</summary>
    public static (IReadOnlyList<CalibrationQuestion> Questions, IReadOnlyList<string> Corpus) FromBeir(BeirDataset dataset, int count)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var byId = dataset.Corpus.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var step = Math.Max(1, dataset.Queries.Count / Math.Max(1, count));
        var questions = dataset.Queries
            .Where((_, i) => i % step == 0)
            .Select(q => new CalibrationQuestion(
                q.Text,
                [.. dataset.Qrels[q.Id].Where(j => j.Value > 0 && byId.ContainsKey(j.Key)).Select(j => byId[j.Key].FullText)]))
            .Where(q => q.Relevant.Count > 0)
            .Take(count)
            .ToList();
        return (questions, [.. dataset.Corpus.Select(d => d.FullText)]);
    }

    private static void Print(EncoderCalibration c, string title) => Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{title}: relevance gate {c.MinQuestionSimilarity:F2} (no relevance) .. {c.TypicalAnswerSimilarity:F2} (typical answer); sentence verifier {c.UnrelatedSentenceSimilarity:F2} (no support) .. {c.SupportingSentenceSimilarity:F2} (full support)"));
}
