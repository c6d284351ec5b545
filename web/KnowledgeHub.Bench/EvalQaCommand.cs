using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `eval-qa <SQuAD json>`: grounded answers end to end. Every context goes through the real pipeline as one .txt
/// document of its own collection (already ingested ones are reused), then every question is retrieved (same retriever,
/// mode and depth as <see cref="AnswerService"/>) and answered, and the gold answer text is looked for in the retrieved
/// passages, the answer and the cited chunks; citations are checked against the sentences that cite them
/// (<see cref="QaEvalReport"/> says how each number is computed). `--limit` limits questions, never the corpus, so
/// numbers stay comparable.
/// </summary>
public static class EvalQaCommand
{
    private const string Usage = "Usage: eval-qa <squad json> [--limit N] [--collection name] [--mode hybrid|keyword|dense] [--retrieval-only] [--json] [--failures file.jsonl]";

    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static readonly Answer NotAsked = new("(not asked: --retrieval-only)", [], Found: false, Generator: "none", new AnswerUsage(0, 0, 0, 0));
    private static readonly JsonSerializerOptions LineJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "limit", "collection", "failures", "mode" }, new HashSet<string> { "json", "retrieval-only" });
        if (parsed.Positionals.Count != 1)
        {
            throw new ArgumentException(Usage);
        }

        var dataset = SquadDataset.Load(parsed.Positionals[0]);
        var limit = parsed.Value("limit") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : int.MaxValue;
        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        await app.Services.GetRequiredService<IDocumentStore>().InitializeAsync();

        var mode = parsed.Value("mode") switch
        {
            null or "hybrid" => SearchMode.Hybrid,
            "keyword" => SearchMode.Keyword,
            "dense" => SearchMode.Dense,
            var other => throw new ArgumentException($"--mode must be hybrid, keyword or dense (got '{other}'). {Usage}"),
        };
        var (report, failures) = await EvaluateAsync(
            app.Services, dataset, parsed.Value("collection") ?? "covidqa", limit, Console.Error, new QaEvalSettings(mode, parsed.Has("retrieval-only")));
        if (parsed.Value("failures") is { } failuresPath)
        {
            await File.WriteAllLinesAsync(failuresPath, failures.Select(f => JsonSerializer.Serialize(f, LineJson)));
        }

        Console.WriteLine(parsed.Has("json") ? JsonSerializer.Serialize(report, ReportJson) : report.ToKeyValueLine());
        return report.FailedDocuments == 0 ? 0 : 1;
    }

    /// <param name="limit">Most questions asked, in file order; every context is ingested regardless.</param>
    /// <param name="progress">Where progress lines go (stderr on the command line).</param>
    public static async Task<(QaEvalReport Report, IReadOnlyList<QaEvalFailure> Failures)> EvaluateAsync(
        IServiceProvider services,
        SquadDataset dataset,
        string collection,
        int limit,
        TextWriter progress,
        QaEvalSettings? settings = null,
        CancellationToken cancellationToken = default)
    {
        settings ??= new QaEvalSettings();
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(progress);
        var tenant = services.Settings<KnowledgeHubOptions>().DefaultTenant;
        var answerOptions = services.Settings<AnswerOptions>();
        var top = answerOptions.TopPassages;
        var corpus = await IngestAsync(services, dataset, tenant, collection, progress, cancellationToken);

        var retriever = services.GetRequiredService<HybridRetriever>();
        var answers = services.GetRequiredService<AnswerService>();
        var filter = new SearchFilter(tenant, collection);
        var questions = dataset.Contexts.SelectMany(c => c.Questions.Select(q => (Context: c, Question: q))).Take(limit).ToList();
        var tally = new Tally();
        var failures = new List<QaEvalFailure>();
        if (questions.Count > 0 && !settings.RetrievalOnly)
        {
            // Warm-up: the first call pays for JIT and model load.
            await answers.AskAsync(new AskRequest(questions[0].Question.Text, tenant, collection), cancellationToken);
        }

        foreach (var (context, question) in questions)
        {
            var golds = question.Answers.Select(AnswerMatching.NormalizeGold).Where(g => g.Length > 0).ToList();
            var clock = Stopwatch.StartNew();
            var hits = await retriever.SearchAsync(question.Text, filter, top, settings.Mode, cancellationToken);
            tally.RetrievalMs.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            var answer = settings.RetrievalOnly ? NotAsked : await answers.AskAsync(new AskRequest(question.Text, tenant, collection), cancellationToken);
            tally.AskMs.Add(clock.Elapsed.TotalMilliseconds);

            var documentId = corpus.DocumentIds[context.Id];
            var position = hits.Select(h => h.Chunk.DocumentId).ToList().IndexOf(documentId);
            int? rank = position >= 0 ? position + 1 : null;
            var retrieved = hits.GroupBy(h => h.Chunk.Id).ToDictionary(g => g.Key, g => AnswerMatching.Normalize(g.First().Chunk.Text), StringComparer.Ordinal);
            var inSomeChunk = corpus.ChunkTexts[context.Id].Any(t => AnswerMatching.ContainsAny(t, golds));
            var inTop = retrieved.Values.Any(t => AnswerMatching.ContainsAny(t, golds));
            var inSections = inTop || await InSectionsAsync(retriever, hits, answerOptions.SectionContextChunks, golds, cancellationToken);
            var inAnswer = answer.Found && AnswerMatching.ContainsAny(AnswerMatching.Normalize(AnswerMatching.WithoutMarkers(answer.Text)), golds);
            var inCited = answer.Citations.Any(c => retrieved.TryGetValue(c.ChunkId, out var text) && AnswerMatching.ContainsAny(text, golds));
            tally.Count(rank is not null, inSomeChunk, inTop, inSections, answer.Found, inAnswer, inCited);
            foreach (var (citation, sentence) in CitationPairs.Of(answer))
            {
                tally.CountCitation(
                    retrieved.ContainsKey(citation.ChunkId),
                    sentence?.Supported == true,
                    sentence is not null && AnswerMatching.QuoteCoversSentence(citation.Quote, sentence.Text));
            }

            if (!(inTop && (settings.RetrievalOnly || (inAnswer && inCited))))
            {
                failures.Add(new QaEvalFailure(
                    question.Id, question.Text, question.Answers, context.Id, inSomeChunk, rank, inTop, inAnswer, inCited, answer.Found, answer.Text,
                    [.. hits.Select(h => h.Chunk.FileName)]));
            }

            if (tally.Questions % 100 == 0)
            {
                await progress.WriteLineAsync($"asked {tally.Questions}/{questions.Count}");
            }
        }

        return (tally.ToReport(dataset.Name, dataset.Contexts.Count, corpus, top, settings), failures);
    }

    /// <summary>Whether the gold is in the text the decoder reads around the passages: each with its section neighbours, joined in order.</summary>
    private static async Task<bool> InSectionsAsync(
        HybridRetriever retriever, IReadOnlyList<SearchHit> hits, int neighbours, List<string> golds, CancellationToken cancellationToken)
    {
        foreach (var hit in hits)
        {
            var section = await retriever.GetSectionAsync(hit.Chunk, neighbours, cancellationToken);
            if (AnswerMatching.ContainsAny(AnswerMatching.Normalize(string.Join(" ", section.OrderBy(c => c.Ordinal).Select(c => c.Text))), golds))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<Corpus> IngestAsync(
        IServiceProvider services, SquadDataset dataset, string tenant, string collection, TextWriter progress, CancellationToken cancellationToken)
    {
        var documents = services.GetRequiredService<DocumentService>();
        var store = services.GetRequiredService<IDocumentStore>();
        var corpus = new Corpus();
        var clock = Stopwatch.StartNew();
        var ingested = 0;
        foreach (var context in dataset.Contexts)
        {
            var (id, ran) = await TextDocumentIngestion.IngestAsync(services, tenant, collection, $"{context.Id}.txt", context.Text, cancellationToken);
            ingested += ran ? 1 : 0;

            var done = await documents.GetAsync(tenant, id, cancellationToken);
            corpus.FailedDocuments += done?.Status == DocumentStatus.Completed ? 0 : 1;
            var chunks = await store.GetChunksAsync(id, cancellationToken);
            var current = chunks.Where(c => c.Version == done?.Version).ToList();
            corpus.Chunks += current.Count;
            corpus.DocumentIds[context.Id] = id;
            corpus.ChunkTexts[context.Id] = [.. current.Select(c => AnswerMatching.Normalize(c.Text))];
            if (ingested > 0 && ingested % 10 == 0)
            {
                await progress.WriteLineAsync($"ingested {ingested} contexts ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }

        corpus.IngestSeconds = ingested > 0 ? clock.Elapsed.TotalSeconds : 0;
        return corpus;
    }

    private sealed class Corpus
    {
        public Dictionary<string, string> DocumentIds { get; } = new(StringComparer.Ordinal);

        /// <summary>Each context's chunks of the current version, normalised.</summary>
        public Dictionary<string, IReadOnlyList<string>> ChunkTexts { get; } = new(StringComparer.Ordinal);

        public int Chunks { get; set; }

        public int FailedDocuments { get; set; }

        public double IngestSeconds { get; set; }
    }

    private sealed class Tally
    {
        private int documentInTop;
        private int inSomeChunk;
        private int inTop;
        private int inSections;
        private int found;
        private int inAnswer;
        private int inCited;
        private int citations;
        private int citationsNotRetrieved;
        private int verifierSupported;
        private int quoteCovers;

        public int Questions { get; private set; }

        public List<double> RetrievalMs { get; } = [];

        public List<double> AskMs { get; } = [];

        public void Count(bool documentInTop, bool inSomeChunk, bool inTop, bool inSections, bool found, bool inAnswer, bool inCited)
        {
            Questions++;
            this.inSections += inSections ? 1 : 0;
            this.documentInTop += documentInTop ? 1 : 0;
            this.inSomeChunk += inSomeChunk ? 1 : 0;
            this.inTop += inTop ? 1 : 0;
            this.found += found ? 1 : 0;
            this.inAnswer += inAnswer ? 1 : 0;
            this.inCited += inCited ? 1 : 0;
        }

        public void CountCitation(bool retrieved, bool verifierSupported, bool quoteCovers)
        {
            citations++;
            citationsNotRetrieved += retrieved ? 0 : 1;
            this.verifierSupported += verifierSupported ? 1 : 0;
            this.quoteCovers += quoteCovers ? 1 : 0;
        }

        public QaEvalReport ToReport(string dataset, int contexts, Corpus corpus, int top, QaEvalSettings settings) => new(
            dataset,
            contexts,
            Questions,
            corpus.Chunks,
            corpus.FailedDocuments,
            corpus.IngestSeconds,
            top,
            settings.Mode.ToString().ToLowerInvariant(),
            settings.RetrievalOnly,
            Share(inTop, Questions),
            Share(inSections, Questions),
            Share(documentInTop, Questions),
            Share(inSomeChunk, Questions),
            Share(found, Questions),
            Share(inAnswer, Questions),
            Share(inCited, Questions),
            citations,
            Share(verifierSupported, citations),
            Share(quoteCovers, citations),
            citationsNotRetrieved,
            Percentile(RetrievalMs, 0.50),
            Percentile(RetrievalMs, 0.95),
            Percentile(AskMs, 0.50),
            Percentile(AskMs, 0.95));

        private static double Share(int count, int total) => total == 0 ? 0 : (double)count / total;

        private static double Percentile(List<double> values, double p)
        {
            if (values.Count == 0)
            {
                return 0;
            }

            var sorted = values.Order().ToList();
            var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
        }
    }
}
