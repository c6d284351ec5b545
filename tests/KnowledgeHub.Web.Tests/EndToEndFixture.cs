using System.Text;
using System.Text.Json;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// One server for the end-to-end tests: real PDFs, the Chinese article and three bad files are uploaded
/// once over HTTP and ingested by the real Hangfire jobs before the tests look at the results.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    public const string MultiColumnPdf = "026-latex-multicolumn_multicolumn.pdf";
    public const string CrazyOnesPdf = "021-pdfa_crazyones-pdfa.pdf";
    public const string FourPagesPdf = "004-pdflatex-4-pages_pdflatex-4-pages.pdf";
    public const string PasswordPdf = "005-libreoffice-writer-password_libreoffice-writer-password.pdf";
    public const string ChineseArticle = "000_f67e12d98019297f.txt";

    private KnowledgeHubServer? server;

    public KnowledgeHubServer Server => server ?? throw new InvalidOperationException("The fixture did not start.");

    public Dictionary<string, JsonElement> Uploaded { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonElement> Finished { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        if (SharedData.RootOrNull is null && !SharedData.IsCi)
        {
            return; // every test here is a [SharedDataFact] and is skipped
        }

        server = await KnowledgeHubServer.StartAsync();
        foreach (var pdf in new[] { MultiColumnPdf, CrazyOnesPdf, FourPagesPdf, PasswordPdf })
        {
            Uploaded[pdf] = await Server.UploadFileAsync(SharedData.PdfSample(pdf));
        }

        Uploaded[ChineseArticle] = await Server.UploadFileAsync(SharedData.PathTo("documents", "zh", ChineseArticle));
        Uploaded["empty.txt"] = await Server.UploadAsync("empty.txt", []);
        Uploaded["renamed.pdf"] = await Server.UploadAsync("renamed.pdf", Encoding.UTF8.GetBytes("This is a plain text file that someone renamed to .pdf.\n"));
        Uploaded["slides.pptx"] = await Server.UploadAsync("slides.pptx", Encoding.UTF8.GetBytes("not really a presentation"));

        foreach (var (name, document) in Uploaded)
        {
            Finished[name] = await Server.WaitForEndAsync(document.GetProperty("id").GetString()!);
        }
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    public string IdOf(string name) => Uploaded[name].GetProperty("id").GetString()!;
}
