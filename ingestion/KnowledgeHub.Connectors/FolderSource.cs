using System.Globalization;
using System.Runtime.CompilerServices;
using KnowledgeHub.Ingestion.Parsing;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Connectors;

/// <summary>
/// A folder on the server. The change token is size and modification time, so an unchanged file is never opened. Links
/// are followed only to files whose real path stays under the folder; linked folders are not entered (no loops, no
/// way out). Files no parser reads are not listed.
/// </summary>
public sealed class FolderSource(ParserRegistry parsers, IOptions<ConnectorsOptions> options) : IConnectorSource
{
    public ConnectorKind Kind => ConnectorKind.Folder;

    public async IAsyncEnumerable<SourceItem> ListAsync(
        ConnectorRecord connector, IReadOnlyDictionary<string, ConnectorItem> previous, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Checked again at every run: the allowed roots or the folder may have changed since the connector was made.
        var settings = ConnectorSettings.Folder(connector.Settings, options.Value);
        var matcher = Matchers.For(settings.Include, settings.Exclude);
        foreach (var (full, relative) in Walk(settings.Path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!parsers.IsSupported(full) || !matcher.Match(relative).HasMatches)
            {
                continue;
            }

            var info = new FileInfo(full);
            var token = string.Create(CultureInfo.InvariantCulture, $"{info.Length}:{info.LastWriteTimeUtc.Ticks}");
            yield return new SourceItem(new Uri(full).AbsoluteUri, ItemNames.FromRelativePath(relative), token)
            {
                Open = _ => Task.FromResult<Stream>(new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true)),
            };
        }

        await Task.CompletedTask;
    }

    /// <summary>Every file under the root, as (real path, path relative to the root with '/').</summary>
    public static IEnumerable<(string Full, string Relative)> Walk(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0, RecurseSubdirectories = false };
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            foreach (var entry in entries)
            {
                if (entry.LinkTarget is not null)
                {
                    if (entry is FileInfo && entry.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true } target
                        && AllowedRoots.IsUnder(AllowedRoots.RealPath(target.FullName), root))
                    {
                        yield return (entry.FullName, Relative(root, entry.FullName));
                    }

                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                }
                else
                {
                    yield return (entry.FullName, Relative(root, entry.FullName));
                }
            }
        }
    }

    private static string Relative(string root, string full) => Path.GetRelativePath(root, full).Replace('\\', '/');
}
