using System.IO.Compression;
using System.Text;

namespace KnowledgeHub.Web.Tests;

/// <summary>A zip bomb sent through the real upload endpoint ends failed with its reason, and the server keeps working.</summary>
public sealed class DecompressionBombUploadTests
{
    [Fact]
    public async Task Docx_bomb_upload_fails_with_the_bomb_reason_and_the_next_document_completes()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        var bomb = DocxExpandingTo(300L * 1024 * 1024);
        Assert.InRange(bomb.Length, 1, 2 * 1024 * 1024);

        var rejected = await server.WaitForEndAsync((await server.UploadAsync("bomb.docx", bomb)).GetProperty("id").GetString()!);
        var fine = await server.WaitForEndAsync((await server.UploadAsync(
            "fine.txt", Encoding.UTF8.GetBytes("Decompression limits keep the ingestion workers alive.\n"))).GetProperty("id").GetString()!);

        Assert.Equal("failed", rejected.GetProperty("status").GetString());
        Assert.Contains("decompression bomb", rejected.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("256 MiB", rejected.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("completed", fine.GetProperty("status").GetString());
    }

    // One paragraph of spaces: deflate packs 300 MiB of them into well under 1 MiB.
    private static byte[] DocxExpandingTo(long bytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            Write(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
            using var document = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            document.Write(Encoding.UTF8.GetBytes("""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">"""));
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var left = bytes; left > 0; left -= spaces.Length)
            {
                document.Write(spaces, 0, (int)Math.Min(spaces.Length, left));
            }

            document.Write(Encoding.UTF8.GetBytes("</w:t></w:r></w:p></w:body></w:document>"));
        }

        return buffer.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var entry = zip.CreateEntry(name).Open();
        entry.Write(Encoding.UTF8.GetBytes(text));
    }
}
