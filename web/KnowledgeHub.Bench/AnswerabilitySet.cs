using KnowledgeHub.Bench.Evaluation;

namespace KnowledgeHub.Bench;

/// <summary>A document of a constructed set: a file name and its text.</summary>
public sealed record SetDocument(string FileName, string Text);

/// <summary>A question of a constructed set.</summary>
/// <param name="Answerable">True when the documents that answer it are ingested; false when they were withheld.</param>
/// <param name="Golds">Normalised gold answer texts (COVID-QA); empty when the set names documents instead.</param>
/// <param name="Sources">File names of the documents that answer it (ingested for answerable questions).</param>
public sealed record SetQuestion(string Id, string Text, bool Answerable, IReadOnlyList<string> Golds, IReadOnlyList<string> Sources);

/// <summary>
/// Answerable and unanswerable questions over one corpus, built by withholding documents: the questions whose source
/// documents are ingested are answerable; those whose sources were withheld are not, provided their gold answer
/// stands nowhere in what was ingested (COVID-QA) or none of their relevant documents was ingested (SciFact). The
/// construction is noisy: another document can still answer a withheld question in other words, so part of what
/// reads as "found" on the unanswerable side is right (docs/benchmarks.md counts it by hand).
/// </summary>
public sealed record AnswerabilitySet(string Name, IReadOnlyList<SetDocument> Documents, IReadOnlyList<SetQuestion> Questions)
{
    public IEnumerable<SetQuestion> Answerable => Questions.Where(q => q.Answerable);

    public IEnumerable<SetQuestion> Unanswerable => Questions.Where(q => !q.Answerable);

    /// <summary>
    /// COVID-QA: every second paper (in file order) is withheld. At most <paramref name="perSide"/> questions a side,
    /// taken round-robin over the papers so that a small sample still spans many of them.
    /// </summary>
    public static AnswerabilitySet FromSquad(SquadDataset dataset, int perSide = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var kept = dataset.Contexts.Where((_, i) => i % 2 == 0).ToList();
        var withheld = dataset.Contexts.Where((_, i) => i % 2 == 1).ToList();
        var ingestedText = kept.Select(c => AnswerMatching.Normalize(c.Text)).ToList();
        var answerable = RoundRobin(kept.Select(c => c.Questions.Select(q => Question(q, c, answerable: true))), perSide);
        var unanswerable = RoundRobin(
            withheld.Select(c => c.Questions
                .Select(q => Question(q, c, answerable: false))
                .Where(q => q.Golds.Count > 0 && !q.Golds.Any(g => ingestedText.Exists(t => t.Contains(g, StringComparison.Ordinal))))),
            perSide);
        return new AnswerabilitySet(dataset.Name, [.. kept.Select(c => new SetDocument(FileName(c.Id), c.Text))], [.. answerable, .. unanswerable]);
    }

    /// <summary>
    /// A BEIR set (SciFact): claims alternate between answerable and unanswerable; the relevant documents of the
    /// unanswerable ones are withheld (a claim sharing a relevant document with an answerable one is left out). The
    /// corpus is every other document, or, with <paramref name="distractors"/>, the answerable claims' documents plus
    /// that many others (a smaller corpus for a test; the full one for the benchmark).
    /// </summary>
    public static AnswerabilitySet FromBeir(BeirDataset dataset, int perSide = int.MaxValue, int distractors = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var claims = dataset.Queries
            .Where(q => dataset.Qrels.TryGetValue(q.Id, out var relevant) && relevant.Values.Any(g => g > 0))
            .ToList();
        var relevantOf = claims.ToDictionary(q => q.Id, q => dataset.Qrels[q.Id].Where(p => p.Value > 0).Select(p => p.Key).ToList(), StringComparer.Ordinal);
        var answerableClaims = claims.Where((_, i) => i % 2 == 0).Take(perSide).ToList();
        var needed = answerableClaims.SelectMany(q => relevantOf[q.Id]).ToHashSet(StringComparer.Ordinal);
        var unanswerableClaims = claims.Where((_, i) => i % 2 == 1).Where(q => !relevantOf[q.Id].Exists(needed.Contains)).Take(perSide).ToList();
        var withheld = claims.Where((_, i) => i % 2 == 1).SelectMany(q => relevantOf[q.Id]).Where(d => !needed.Contains(d)).ToHashSet(StringComparer.Ordinal);
        var others = dataset.Corpus.Where(d => !needed.Contains(d.Id) && !withheld.Contains(d.Id)).Take(distractors);
        var documents = dataset.Corpus.Where(d => needed.Contains(d.Id)).Concat(others)
            .Select(d => new SetDocument(FileName(d.Id), string.IsNullOrWhiteSpace(d.Title) ? d.Text : $"{d.Title}\n\n{d.Text}"))
            .ToList();
        var questions = answerableClaims.Select(q => new SetQuestion(q.Id, q.Text, true, [], [.. relevantOf[q.Id].Select(FileName)]))
            .Concat(unanswerableClaims.Select(q => new SetQuestion(q.Id, q.Text, false, [], [.. relevantOf[q.Id].Select(FileName)])))
            .ToList();
        return new AnswerabilitySet(dataset.Name, documents, questions);
    }

    public static string FileName(string id) => $"{id}.txt";

    private static SetQuestion Question(SquadQuestion question, SquadContext context, bool answerable) =>
        new(question.Id, question.Text, answerable, [.. question.Answers.Select(AnswerMatching.NormalizeGold).Where(g => g.Length > 0).Distinct()], [FileName(context.Id)]);

    private static List<SetQuestion> RoundRobin(IEnumerable<IEnumerable<SetQuestion>> groups, int count)
    {
        var queues = groups.Select(g => new Queue<SetQuestion>(g)).Where(q => q.Count > 0).ToList();
        var result = new List<SetQuestion>();
        while (result.Count < count && queues.Exists(q => q.Count > 0))
        {
            foreach (var queue in queues.Where(q => q.Count > 0))
            {
                if (result.Count == count)
                {
                    break;
                }

                result.Add(queue.Dequeue());
            }
        }

        return result;
    }
}
