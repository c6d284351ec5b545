using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>
/// A file name stored before upload cleaning existed may still hold a line break or a bidi override; the pipeline's log
/// lines show it escaped, so it cannot forge a second record.
/// </summary>
public sealed class StoredNameLogTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_stored_name_with_a_newline_and_a_bidi_override_is_logged_escaped_when_the_pipeline_runs()
    {
        var lines = new List<string>();
        await using var services = PipelineServices.Build(folder, new GatedEncoder(new StepGate("none")));
        services.GetRequiredService<ILoggerFactory>().AddProvider(new ListLoggerProvider(lines));
        var id = await StoredDocuments.AddAsync(services, "doc_old_name", "notes\nFAKE RECORD\u202Etxt.md", "# Notes\n\nThe dock opens at seven.");

        await services.GetRequiredService<IngestionPipeline>().RunAsync(id);

        List<string> mentions;
        lock (lines)
        {
            mentions = lines.Where(l => l.Contains("FAKE RECORD", StringComparison.Ordinal)).ToList();
        }

        Assert.NotEmpty(mentions);
        Assert.All(mentions, l =>
        {
            Assert.DoesNotContain('\n', l);
            Assert.DoesNotContain('\u202E', l);
            Assert.Contains(@"notes\u000AFAKE RECORD\u202Etxt.md", l, StringComparison.Ordinal);
        });
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add(formatter(state, exception));
            }
        }
    }
}
