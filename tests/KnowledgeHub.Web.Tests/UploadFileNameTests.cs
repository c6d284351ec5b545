using System.Net;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Web.Apis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Web.Tests;

/// <summary>Uploaded file names are stored without controls and bidi formatting, and logged escaped as they were sent.</summary>
public sealed class UploadFileNameTests
{
    [Fact]
    public async Task A_name_with_nul_newline_and_bidi_characters_is_stored_cleaned_and_logged_escaped()
    {
        var log = new RecordedLog();
        await using var server = await KnowledgeHubServer.StartWithAsync(
            (_, services) => services.AddSingleton<ILoggerProvider>(log), "--Logging:LogLevel:KnowledgeHub=Information");

        // filename* carries the characters a plain quoted filename cannot: NUL, CR LF, U+202E (right-to-left override).
        const string boundary = "kh-boundary";
        var body = $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"; " +
            "filename*=UTF-8''evil%00name%0D%0AINFO%20forged%E2%80%AEtxt.exe.txt\r\nContent-Type: text/plain\r\n\r\n" +
            $"Some text {Guid.NewGuid()}.\r\n--{boundary}--\r\n";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");

        using var response = await server.Client.PostAsync("/api/documents", content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        Assert.Equal("evilnameINFO forgedtxt.exe.txt", JsonDocument.Parse(text).RootElement.GetProperty("fileName").GetString());
        Assert.Contains(log.Lines, l => l.Contains(@"Upload evil\u0000name\u000D\u000AINFO forged\u202Etxt.exe.txt stored as document", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains("\nINFO forged", StringComparison.Ordinal) || l.Contains('\u202E', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("dir/sub\\report.pdf", "report.pdf")]
    [InlineData("a\u0007b\u007F\u0085c\u200E\u200F\u061C\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069.txt", "abc.txt")]
    [InlineData("\u202E\u0000", FileNames.DefaultStem)]
    [InlineData("..", FileNames.DefaultStem)]
    [InlineData("名前.txt", "名前.txt")]
    public void File_names_lose_controls_bidi_formatting_and_folders(string sent, string stored) =>
        Assert.Equal(stored, FileNames.Clean(sent));

    [Fact]
    public void A_long_name_is_cut_to_the_maximum_keeping_its_extension()
    {
        var cleaned = FileNames.Clean(new string('a', 500) + ".docx");

        Assert.Equal(FileNames.MaxLength, cleaned.Length);
        Assert.EndsWith("a.docx", cleaned, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var cleaned = FileNames.Clean("a" + string.Concat(Enumerable.Repeat("😀", 150)) + ".txt");

        Assert.True(cleaned.Length <= FileNames.MaxLength);
        Assert.EndsWith("😀.txt", cleaned, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_text_escapes_controls_and_bidi_characters_and_doubles_backslashes() =>
        Assert.Equal(@"a\u000Ab\u202Ec\\d", LogText.Escape("a\nb\u202Ec\\d"));
}
