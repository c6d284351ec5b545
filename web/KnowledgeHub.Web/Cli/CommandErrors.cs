using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Cli;

/// <summary>
/// How every KnowledgeHub executable (the product's host and the bench tool) turns a failure the user can fix into a
/// message and an exit code, so scripts read the same codes from both.
/// </summary>
public static class CommandErrors
{
    public static async Task<int> RunAsync(Func<Task<int>> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            return await command();
        }
        catch (DataFolderInUseException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.DataFolderInUse;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {string.Join("; ", ex.Failures)}");
            return ExitCodes.Configuration;
        }
        catch (InvalidDataException ex)
        {
            // A model folder or calibration file the user can fix; the message names the file.
            await Console.Error.WriteLineAsync($"Configuration error: {ex.Message}");
            return ExitCodes.Configuration;
        }
        catch (ArgumentException ex) when (ex is not ArgumentOutOfRangeException and not ArgumentNullException)
        {
            // Bad arguments or input named by the user; a failure inside the product keeps its stack trace.
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Usage;
        }
    }

    public static int UnknownVerb(string verb)
    {
        Console.Error.WriteLine($"Unknown command '{verb}'. Run 'help' for the list of commands.");
        return ExitCodes.Usage;
    }
}
