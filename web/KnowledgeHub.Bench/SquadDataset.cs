using System.Text.Json;

namespace KnowledgeHub.Bench;

/// <summary>A question with the answer texts a reader accepts (SQuAD "answers"; unanswerable questions are left out).</summary>
public sealed record SquadQuestion(string Id, string Text, IReadOnlyList<string> Answers);

/// <param name="Id">The paragraph's "document_id" when present, else "&lt;article&gt;-&lt;paragraph&gt;" by position.</param>
public sealed record SquadContext(string Id, string Text, IReadOnlyList<SquadQuestion> Questions);

/// <summary>
/// A question-answering set in SQuAD v1/v2 JSON: data[].paragraphs[] of { context, qas[] { id, question, answers[] { text } } }.
/// COVID-QA uses this layout with whole papers as contexts and numeric ids, so ids of either JSON kind are read as text.
/// </summary>
public sealed record SquadDataset(string Name, IReadOnlyList<SquadContext> Contexts)
{
    public int QuestionCount => Contexts.Sum(c => c.Questions.Count);

    public static SquadDataset Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"No such file: {path}");
        }

        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        if (!json.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"{path} is not a SQuAD file: it has no \"data\" array.");
        }

        var contexts = new List<SquadContext>();
        var article = 0;
        foreach (var entry in data.EnumerateArray())
        {
            article++;
            var paragraph = 0;
            foreach (var p in entry.GetProperty("paragraphs").EnumerateArray())
            {
                paragraph++;
                var id = p.TryGetProperty("document_id", out var documentId) ? AsText(documentId) : $"{article}-{paragraph}";
                var questions = p.GetProperty("qas").EnumerateArray()
                    .Select(ReadQuestion)
                    .Where(q => q.Answers.Count > 0)
                    .ToList();
                contexts.Add(new SquadContext(id, p.GetProperty("context").GetString() ?? string.Empty, questions));
            }
        }

        return new SquadDataset(Path.GetFileNameWithoutExtension(path), contexts);
    }

    private static SquadQuestion ReadQuestion(JsonElement qa)
    {
        var answers = qa.TryGetProperty("answers", out var list)
            ? list.EnumerateArray()
                .Select(a => a.GetProperty("text").GetString() ?? string.Empty)
                .Where(a => !string.IsNullOrWhiteSpace(a))
                .Distinct(StringComparer.Ordinal)
                .ToList()
            : [];
        return new SquadQuestion(AsText(qa.GetProperty("id")), qa.GetProperty("question").GetString() ?? string.Empty, answers);
    }

    private static string AsText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText();
}
