using Microsoft.Extensions.Options;

namespace KnowledgeHub.Connectors;

/// <summary>Allowed roots must be absolute folders; nested options are checked here since data annotations stop at the top.</summary>
public sealed class ConnectorsOptionsValidator : IValidateOptions<ConnectorsOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorsOptions options)
    {
        var failures = new List<string>();
        foreach (var root in options.Folder.AllowedRoots)
        {
            if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
            {
                failures.Add($"{ConnectorsOptions.Section}:Folder:AllowedRoots: '{root}' is not an absolute path.");
            }
        }

        if (options.Folder.WatchDebounce < TimeSpan.FromMilliseconds(100) || options.Folder.WatchDebounce > TimeSpan.FromHours(1))
        {
            failures.Add($"{ConnectorsOptions.Section}:Folder:WatchDebounce must be from 100 ms to 1 hour.");
        }

        if (options.Folder.WatchRefresh < TimeSpan.FromSeconds(1) || options.Folder.WatchRefresh > TimeSpan.FromDays(1))
        {
            failures.Add($"{ConnectorsOptions.Section}:Folder:WatchRefresh must be from 1 second to 1 day.");
        }

        var web = options.Web;
        if (web.RequestDelay < TimeSpan.Zero || web.RequestDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{ConnectorsOptions.Section}:Web:RequestDelay must be from 0 to 1 minute.");
        }

        if (web.RequestTimeout < TimeSpan.FromSeconds(1) || web.RequestTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{ConnectorsOptions.Section}:Web:RequestTimeout must be from 1 second to 10 minutes.");
        }

        if (string.IsNullOrWhiteSpace(web.UserAgent) || web.UserAgent.Any(char.IsControl))
        {
            failures.Add($"{ConnectorsOptions.Section}:Web:UserAgent must be a non-empty product token.");
        }

        if (web.MaxPagesLimit < 1)
        {
            failures.Add($"{ConnectorsOptions.Section}:Web:MaxPagesLimit must be at least 1.");
        }

        if (web.MaxRedirects is < 0 or > 10)
        {
            failures.Add($"{ConnectorsOptions.Section}:Web:MaxRedirects must be from 0 to 10.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
