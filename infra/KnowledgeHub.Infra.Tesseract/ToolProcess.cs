using System.Diagnostics;
using System.Text;

namespace KnowledgeHub.Infra.Tesseract;

/// <summary>
/// Runs a command-line program to its end and collects its output. Cancellation kills it (and anything it started), so
/// a page over its time limit or a stopped run leaves no process behind.
/// </summary>
internal static class ToolProcess
{
    internal sealed record Result(int ExitCode, string Output, string Errors);

    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        return new Result(process.ExitCode, await output, await errors);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }
    }
}
