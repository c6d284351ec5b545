using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Web.Hosting;
using Spectre.Console;

namespace KnowledgeHub.Web.Cli;

/// <summary>`ask "<question>"`: answers from the ingested documents and lists the citations.</summary>
public static class AskCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "collection" }, new HashSet<string>());
        if (parsed.Positionals.Count == 0)
        {
            throw new ArgumentException("Usage: ask \"<question>\" [--collection name]");
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var services = app.Services;
        await services.GetRequiredService<IDocumentStore>().InitializeAsync();
        var tenant = services.Settings<KnowledgeHubOptions>().DefaultTenant;
        var answer = await services.GetRequiredService<AnswerService>()
            .AskAsync(new AskRequest(string.Join(' ', parsed.Positionals), tenant, parsed.Value("collection")));

        AnsiConsole.WriteLine(answer.Text);
        foreach (var c in answer.Citations)
        {
            var page = c.Page is { } p ? $", page {p}" : "";
            AnsiConsole.MarkupLine($"[grey][[{c.Number}]] {Markup.Escape(c.FileName)}{page}: \"{Markup.Escape(c.Quote)}\"[/]");
        }

        return answer.Found ? 0 : 1;
    }
}
