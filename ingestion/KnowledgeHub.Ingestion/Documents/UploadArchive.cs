using System.IO.Compression;
using KnowledgeHub.Ingestion.Parsing;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// A `.zip` upload expanded into its files (bulk upload): each file's path in the archive becomes its external id, so
/// uploading the archive again makes new versions of the same documents. The whole archive is checked first against
/// the limits of zip-based documents (<see cref="ParsingOptions.MaxUnpackedBytes"/>,
/// <see cref="ParsingOptions.MaxCompressionRatio"/>: declared sizes, then every entry inflated once), so a bomb is
/// refused before anything is stored. Entries that leave the archive (`../`, absolute paths) and archives inside the
/// archive are refused one by one, with their reasons.
/// </summary>
public sealed class UploadArchive : IDisposable
{
    /// <summary>Files one archive may hold (folders not counted).</summary>
    public const int MaxEntries = 1000;

    private static readonly HashSet<string> ArchiveExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".jar", ".war", ".cab", ".iso",
    };

    private readonly ZipArchive archive;

    private UploadArchive(ZipArchive archive, IReadOnlyList<UploadArchiveEntry> entries)
    {
        this.archive = archive;
        Entries = entries;
    }

    public IReadOnlyList<UploadArchiveEntry> Entries { get; }

    /// <summary>Whether an upload of this name is an archive that `expand=true` expands.</summary>
    public static bool IsArchive(string fileName) => fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads and checks the archive; <paramref name="content"/> must be seekable and stay open while this is used.</summary>
    /// <exception cref="DocumentRejectedException">Not a zip, more than <see cref="MaxEntries"/> files, or beyond the unpacking limits.</exception>
    public static UploadArchive Open(Stream content, ParsingOptions options, ILogger logger, string shownName, CancellationToken cancellationToken)
    {
        ZipArchive? archive = null;
        try
        {
            archive = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var files = archive.Entries.Where(e => !IsFolder(e) && !IsMetadata(e.FullName)).ToList();
            if (files.Count > MaxEntries)
            {
                throw new DocumentRejectedException($"The archive holds {files.Count} files, more than the limit of {MaxEntries} per upload; split it.");
            }

            OfficePackageGuard.CheckDeclaredSizes(archive, options, logger, shownName);
            OfficePackageGuard.CheckInflatedSizes(archive, options, logger, shownName, cancellationToken);
            var result = new UploadArchive(archive, [.. files.Select(Describe)]);
            archive = null;
            return result;
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException)
        {
            throw new DocumentRejectedException($"The file is not a zip archive that can be read ({ex.GetType().Name}); only .zip archives are expanded.", ex);
        }
        finally
        {
            archive?.Dispose();
        }
    }

    public void Dispose() => archive.Dispose();

    private static bool IsFolder(ZipArchiveEntry entry) => entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\');

    /// <summary>What macOS adds to the archives it makes: resource forks and folder settings, never documents.</summary>
    private static bool IsMetadata(string path) =>
        path.StartsWith("__MACOSX/", StringComparison.Ordinal) || path.EndsWith(".DS_Store", StringComparison.Ordinal);

    private static UploadArchiveEntry Describe(ZipArchiveEntry entry)
    {
        // Some Windows tools write backslashes; the zip format's separator is the slash.
        var path = entry.FullName.Replace('\\', '/');
        var segments = path.Split('/');
        var fileName = segments[^1];
        string? refusal = null;
        if (path.StartsWith('/') || (path.Length > 1 && path[1] == ':') || segments.Any(s => s == ".."))
        {
            refusal = "Its path leaves the archive ('../' or an absolute path); such entries are never expanded.";
        }
        else if (ArchiveExtensions.Contains(Path.GetExtension(fileName)))
        {
            refusal = "It is an archive inside the archive; nested archives are not expanded. Upload it on its own with expand=true.";
        }
        else if (path.Length > DocumentService.MaxExternalIdLength)
        {
            refusal = $"Its path is longer than {DocumentService.MaxExternalIdLength} characters, the limit of an external id.";
        }
        else
        {
            path = string.Join('/', segments.Where(s => s.Length > 0 && s != "."));
        }

        return new UploadArchiveEntry(path, fileName, refusal, refusal is null ? entry : null);
    }
}
