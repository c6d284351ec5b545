using System.Net;
using System.Runtime.CompilerServices;
using KnowledgeHub.Ingestion.Parsing;
using LibGit2Sharp;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Connectors;

/// <summary>
/// A Git branch through LibGit2Sharp: a local repository under the allowed roots, or a remote one kept as a bare clone
/// under <see cref="GitConnectorOptions.CloneFolder"/> and fetched at each run. The change token of a path is its blob
/// id, so only blobs that differ from the last synced commit's are read; a rename is a delete and an add. The item
/// keeps the commit it was read at.
/// </summary>
public sealed class GitSource(ParserRegistry parsers, IOptions<ConnectorsOptions> options) : IConnectorSource
{
    public ConnectorKind Kind => ConnectorKind.Git;

    public async IAsyncEnumerable<SourceItem> ListAsync(
        ConnectorRecord connector, IReadOnlyDictionary<string, ConnectorItem> previous, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = ConnectorSettings.Git(connector.Settings, options.Value);
        var path = settings.IsLocal ? settings.Repository : await CloneOrFetchAsync(connector, settings, cancellationToken);
        using var repository = new Repository(path);
        var commit = Tip(repository, settings);
        var matcher = Matchers.For(settings.Include, settings.Exclude);
        foreach (var (file, blob) in Blobs(commit.Tree, string.Empty))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!parsers.IsSupported(file) || !matcher.Match(file).HasMatches)
            {
                continue;
            }

            yield return new SourceItem(settings.Repository + "#" + file, ItemNames.FromRelativePath(file), blob.Sha)
            {
                State = commit.Sha,
                Open = _ => Task.FromResult(blob.GetContentStream()),
            };
        }
    }

    private static Commit Tip(Repository repository, GitSettings settings)
    {
        if (settings.Branch is null)
        {
            return repository.Head.Tip ?? throw new InvalidDataException("The repository has no commit on its default branch.");
        }

        var branch = repository.Branches[settings.Branch] ?? repository.Branches["origin/" + settings.Branch]
            ?? throw new ConnectorSettingsException("settings.branch", $"The repository has no branch '{settings.Branch}'.");
        return branch.Tip ?? throw new InvalidDataException($"Branch '{settings.Branch}' has no commit.");
    }

    private static IEnumerable<(string Path, Blob Blob)> Blobs(Tree tree, string prefix)
    {
        foreach (var entry in tree.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = prefix + entry.Name;
            if (entry.TargetType == TreeEntryTargetType.Tree)
            {
                foreach (var nested in Blobs((Tree)entry.Target, path + "/"))
                {
                    yield return nested;
                }
            }
            else if (entry.TargetType == TreeEntryTargetType.Blob && entry.Mode != Mode.SymbolicLink)
            {
                yield return (path, (Blob)entry.Target);
            }
        }
    }

    private async Task<string> CloneOrFetchAsync(ConnectorRecord connector, GitSettings settings, CancellationToken cancellationToken)
    {
        if (!options.Value.Web.AllowPrivateNetworks)
        {
            await CheckHostAsync(settings.Repository, cancellationToken);
        }

        var root = options.Value.Git.CloneFolder ?? throw new InvalidOperationException("KnowledgeHub:Connectors:Git:CloneFolder is not set.");
        var folder = Path.Combine(root, connector.Id);
        if (!Directory.Exists(Path.Combine(folder, "objects")))
        {
            Directory.CreateDirectory(root);
            return await Task.Run(() => Repository.Clone(settings.Repository, folder, new CloneOptions { IsBare = true }), cancellationToken);
        }

        await Task.Run(
            () =>
            {
                using var repository = new Repository(folder);
                Commands.Fetch(repository, "origin", ["+refs/heads/*:refs/heads/*"], new FetchOptions { Prune = true }, null);
            },
            cancellationToken);
        return folder;
    }

    /// <summary>
    /// The SSRF guard for remote repositories, on the addresses DNS gives now (LibGit2 connects by itself, so a name
    /// that changes its answer between this check and the fetch is not caught: AllowPrivateNetworks stays off for that).
    /// </summary>
    private static async Task CheckHostAsync(string repository, CancellationToken cancellationToken)
    {
        var host = repository.StartsWith("git@", StringComparison.Ordinal)
            ? repository[4..].Split(':')[0]
            : new Uri(repository).Host;
        var guard = new SsrfGuard(allowPrivate: false);
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        foreach (var address in addresses)
        {
            if (guard.RefusalFor(address) is { } refusal)
            {
                throw new SsrfRefusedException($"Refused to fetch {host}: {refusal}");
            }
        }
    }
}
