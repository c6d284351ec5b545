using KnowledgeHub.TestSupport;
using System.Buffers.Binary;
using System.IO.Compression;
using KnowledgeHub.Ingestion.Parsing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public sealed class DecompressionBombTests : IDisposable
{
    private const long MiB = 1024 * 1024;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Docx_that_unpacks_to_300_MiB_is_rejected_as_a_decompression_bomb()
    {
        var path = folder.File("bomb.docx");
        RawDocx.Write(path, RawDocx.Repeated((byte)' ', 300 * MiB));
        Assert.InRange(new FileInfo(path).Length, 1, 2 * MiB);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => DocxParserTests.ParseFileAsync(new DocxParser(), path));

        Assert.Equal(
            "The document expands to more than 256 MiB when unpacked (the limit for uploaded documents); it may be a decompression bomb.",
            error.Message);
    }

    [Fact]
    public async Task Part_compressed_more_than_the_ratio_limit_is_rejected_even_under_the_size_limit()
    {
        var path = folder.File("dense.docx");
        RawDocx.Write(path, RawDocx.Repeated((byte)' ', 20 * MiB));

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => DocxParserTests.ParseFileAsync(new DocxParser(), path));

        Assert.Equal(
            "A part of the document is compressed more than 100:1 (the limit for uploaded documents); it may be a decompression bomb.",
            error.Message);
    }

    [Fact]
    public async Task Unpacked_size_limit_comes_from_the_options()
    {
        var path = folder.File("large.docx");
        RawDocx.Write(path, RawDocx.Words(2 * MiB));
        var parser = new DocxParser(Options.Create(new ParsingOptions { MaxUnpackedBytes = MiB }), NullLogger<DocxParser>.Instance);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => DocxParserTests.ParseFileAsync(parser, path));
        var withDefaults = await DocxParserTests.ParseFileAsync(new DocxParser(), path);

        Assert.Equal(
            "The document expands to more than 1 MiB when unpacked (the limit for uploaded documents); it may be a decompression bomb.",
            error.Message);
        Assert.True(Assert.Single(withDefaults.Blocks).Text.Length > MiB);
    }

    // Zip readers stop inflating at the declared size, so the understated part arrives cut short: never a bomb.
    [Fact]
    public async Task Part_whose_declared_size_understates_its_content_is_rejected_as_damaged()
    {
        var path = folder.File("lying.docx");
        RawDocx.Write(path, RawDocx.Repeated((byte)' ', 3 * MiB));
        DeclareUncompressedSize(path, "word/document.xml", 1000);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => DocxParserTests.ParseFileAsync(new DocxParser(), path));

        Assert.Equal("The file is not a valid Word document (.docx); it may be damaged or renamed from another format.", error.Message);
    }

    [Fact]
    public async Task Xlsx_bomb_is_rejected_by_the_same_guard()
    {
        var path = folder.File("bomb.xlsx");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            RawDocx.Repeated((byte)'0', 300 * MiB)(sheet);
        }

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => DocxParserTests.ParseFileAsync(new XlsxParser(), path));

        Assert.Contains("it may be a decompression bomb", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Overwrites the uncompressed size of an entry in both its local header and the central directory, as a
    /// crafted file would, to understate how much it unpacks to.</summary>
    private static void DeclareUncompressedSize(string path, string entryName, uint size)
    {
        var bytes = File.ReadAllBytes(path);
        var name = System.Text.Encoding.ASCII.GetBytes(entryName);
        var patched = 0;
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            var (sizeOffset, nameOffset) = signature switch
            {
                0x04034b50 => (22, 30), // local file header
                0x02014b50 => (24, 46), // central directory header
                _ => (-1, -1),
            };
            if (sizeOffset > 0 && bytes.AsSpan(i + nameOffset).StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + sizeOffset), size);
                patched++;
            }
        }

        Assert.Equal(2, patched);
        File.WriteAllBytes(path, bytes);
    }
}
