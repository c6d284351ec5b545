using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// A fact that drives Debian's Chromium and needs `../shared`. Off CI a missing browser or data folder skips it
/// with the reason; on CI (CI=true) the test runs and fails with a message saying what is missing.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (SharedData.IsCi)
        {
            return;
        }

        if (!File.Exists(ChromiumPath))
        {
            Skip = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium); the portal's browser test needs it.";
        }
        else if (SharedData.RootOrNull is null)
        {
            Skip = "../shared (test data) is not present beside the checkout; set KNOWLEDGEHUB_SHARED to run this test.";
        }
    }
}
