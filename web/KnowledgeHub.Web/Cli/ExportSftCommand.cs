using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration.Conversations;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Web.Cli;

/// <summary>
/// `export-sft`: writes the approved answers (thumbs up, or a corrected answer) of one tenant as JSONL for supervised
/// fine-tuning: one line per answer with the question, the standalone query, the answer (the corrected one when given),
/// its citations and the prompt version. A corrected answer keeps the citations of the answer it corrects: they are the
/// evidence the reader judged.
/// </summary>
public static class ExportSftCommand
{
    public const string Usage = "Usage: export-sft --out file.jsonl [--tenant name] [--collection name]";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "tenant", "collection", "out" }, new HashSet<string>());
        if (parsed.Positionals.Count > 0 || string.IsNullOrWhiteSpace(parsed.Value("out")))
        {
            throw new ArgumentException(Usage);
        }

        // Only reads conversations from the store (SQLite allows readers beside the server's writer); it never touches the
        // queue or the index, so it may run beside `serve`, which is where the feedback it exports is collected.
        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration], holdDataFolder: false);
        var services = app.Services;
        await services.GetRequiredService<IDocumentStore>().InitializeAsync();
        var tenant = parsed.Value("tenant") ?? services.Settings<KnowledgeHubOptions>().DefaultTenant;
        var approved = await services.GetRequiredService<IConversationStore>().ListApprovedAsync(tenant, parsed.Value("collection"));

        var path = Path.GetFullPath(parsed.Value("out")!);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            foreach (var item in approved)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(SftRecord.From(item), Json));
            }
        }

        await Console.Out.WriteLineAsync($"Wrote {approved.Count} approved answers of tenant '{tenant}' to {path}");
        return 0;
    }

    private sealed record SftCitation(string Document, string DocumentId, int? Page, string Quote);

    /// <param name="Corrected">True when <paramref name="Answer"/> is a reader's correction rather than the generated answer.</param>
    private sealed record SftRecord(
        string Question,
        string StandaloneQuery,
        string Answer,
        IReadOnlyList<SftCitation> Citations,
        string? PromptVersion,
        bool Corrected,
        string? Collection,
        string TurnId)
    {
        public static SftRecord From(ApprovedTurn item) => new(
            item.Turn.Question,
            item.Turn.StandaloneQuery,
            item.Answer,
            [.. CitationsJson.Read(item.Turn.CitationsJson).Select(c => new SftCitation(c.FileName, c.DocumentId, c.Page, c.Quote))],
            item.Turn.PromptVersion,
            !string.IsNullOrWhiteSpace(item.Feedback.CorrectedAnswer),
            item.Turn.Collection,
            item.Turn.Id);
    }
}
