using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Web.Tests;

/// <summary>Text a client sends never reaches a log line raw, where a newline in it could forge a second record.</summary>
public sealed class LogForgingTests
{
    [Fact]
    public async Task Bad_requests_with_newlines_in_their_values_leave_no_raw_newline_in_the_log_and_no_error()
    {
        var log = new RecordedLog();
        await using var server = await KnowledgeHubServer.StartWithAsync(
            (_, services) => services.AddSingleton<ILoggerProvider>(log), "--Logging:LogLevel:Default=Debug");

        using (var badQuery = await server.Client.GetAsync("/api/documents?limit=abc%0AFORGED%20query"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        }

        using (var badJson = await server.Client.PostAsync("/api/search", new StringContent("{\"query\":\"x\",\"mode\":\"a\\nFORGED json\"}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        }

        Assert.DoesNotContain(log.Lines, l => l.Contains("\nFORGED", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains("An unhandled exception", StringComparison.Ordinal));
    }
}
