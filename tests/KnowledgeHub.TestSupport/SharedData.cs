namespace KnowledgeHub.TestSupport;

/// <summary>
/// Locates the read-only `../shared` folder (data sets, sample documents, tiny models) beside the checkout.
/// On CI (CI=true) a missing folder is a failure; elsewhere tests that need it are skipped with a message.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> LazyRoot = new(FindRoot);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? RootOrNull => LazyRoot.Value;

    public static string Root => LazyRoot.Value
        ?? throw new InvalidOperationException("The shared data folder (../shared beside the checkout) was not found. Set KNOWLEDGEHUB_SHARED to its path.");

    public static string PathTo(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string PdfSample(string fileName) => PathTo("documents", "pdf-samples", fileName);

    private static string? FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("KNOWLEDGEHUB_SHARED");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (File.Exists(Path.Combine(candidate, "DESIGN.md")) || Directory.Exists(Path.Combine(candidate, "documents")))
            {
                return candidate;
            }
        }

        return null;
    }
}
