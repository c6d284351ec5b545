using System.Text.Json;

namespace KnowledgeHub.Orchestration.Conversations;

/// <summary>How a turn's citations are stored: a JSON array of <see cref="Citation"/>, camelCase.</summary>
public static class CitationsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(IReadOnlyList<Citation> citations) => JsonSerializer.Serialize(citations, Options);

    public static IReadOnlyList<Citation> Read(string json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<Citation>>(json, Options) ?? [];
}
