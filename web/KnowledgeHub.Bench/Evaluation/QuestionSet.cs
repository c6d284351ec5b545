using System.Text.Json;

namespace KnowledgeHub.Bench.Evaluation;

/// <summary>One question of a user's own test set and the documents (file names or ids) that answer it.</summary>
public sealed record EvaluationQuestion(string Id, string Question, IReadOnlyList<string> Expected);

/// <summary>
/// A small file of questions about a user's own collection, one JSON object per line:
/// <c>{"question": "...", "expected": ["report.pdf", "d41d8cd9..."]}</c> (an optional <c>"id"</c> names the question in
/// per-query output; <c>"expected"</c> may also be a single string). Blank lines and lines starting with <c>#</c> are skipped.
/// </summary>
public static class QuestionSet
{
    public static IReadOnlyList<EvaluationQuestion> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"No such question file: {path}");
        }

        var questions = new List<EvaluationQuestion>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            questions.Add(Parse(line, lineNumber, path));
        }

        return questions.Count > 0 ? questions : throw new ArgumentException($"{path} holds no questions.");
    }

    private static EvaluationQuestion Parse(string line, int lineNumber, string path)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var question = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("question", out var q) && q.ValueKind == JsonValueKind.String
                ? q.GetString()!
                : throw Invalid(path, lineNumber, "it has no \"question\" string");
            var expected = root.TryGetProperty("expected", out var e) ? e.ValueKind switch
            {
                JsonValueKind.String => [e.GetString()!],
                JsonValueKind.Array => e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList(),
                _ => new List<string>(),
            } : [];
            if (string.IsNullOrWhiteSpace(question) || expected.Count == 0 || expected.Any(string.IsNullOrWhiteSpace))
            {
                throw Invalid(path, lineNumber, "it needs a non-empty \"question\" and at least one \"expected\" file name or document id");
            }

            var id = root.TryGetProperty("id", out var i) && i.ValueKind is JsonValueKind.String or JsonValueKind.Number ? i.ToString() : $"q{lineNumber}";
            return new EvaluationQuestion(id, question, expected);
        }
        catch (JsonException ex)
        {
            throw Invalid(path, lineNumber, $"it is not valid JSON ({ex.Message})");
        }
    }

    private static ArgumentException Invalid(string path, int line, string reason) => new($"{path}, line {line}: {reason}.");
}
