using Hangfire.AspNetCore;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Web.Tests;

public sealed class HangfireLogProviderTests
{
    [Fact]
    public void A_disposed_host_logger_factory_gives_loggers_that_drop_messages_instead_of_throwing()
    {
        var factory = LoggerFactory.Create(b => b.AddConsole());
        factory.Dispose();

        // Hangfire's own provider throws here, which is how a disposed test host kept another host's job server from starting.
        Assert.Throws<ObjectDisposedException>(() => new AspNetCoreLogProvider(factory).GetLogger("Hangfire.Server.Worker"));
        var log = new HostBoundHangfireLogProvider(factory).GetLogger("Hangfire.Server.Worker");

        Assert.False(log.Log(Hangfire.Logging.LogLevel.Error, () => "lost", null!));
    }

    [Fact]
    public void A_live_factory_logs_through_to_its_loggers()
    {
        var provider = new RecordingProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));

        var log = new HostBoundHangfireLogProvider(factory).GetLogger("Hangfire.Server.Worker");

        Assert.True(log.Log(Hangfire.Logging.LogLevel.Warn, () => "job retried", null!));
        Assert.Contains("job retried", provider.Messages);
    }

    private sealed class RecordingProvider : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Recorder(Messages);

        public void Dispose()
        {
        }

        private sealed class Recorder(List<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Add(formatter(state, exception));
        }
    }
}
