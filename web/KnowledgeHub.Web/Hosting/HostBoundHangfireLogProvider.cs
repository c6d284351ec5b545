using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// Hangfire's log provider is one static per process, set by whichever host configured Hangfire last. When that host
/// is disposed while another keeps running (tests start many hosts in one process), creating a logger from its
/// disposed factory throws, and Hangfire's server, which creates loggers as it starts, never starts: jobs then wait
/// forever. Loggers from a disposed factory are dropped instead; a process with one host (every deployment) is unaffected.
/// </summary>
internal sealed class HostBoundHangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return new TolerantLog(inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return TolerantLog.Dropped;
        }
    }

    private sealed class TolerantLog(ILog? inner) : ILog
    {
        public static TolerantLog Dropped { get; } = new(null);

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception)
        {
            try
            {
                return inner?.Log(logLevel, messageFunc, exception) ?? false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
