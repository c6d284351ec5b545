using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class PdfSampleCorpusTests
{
    // The parser here has no OCR engine (tests/KnowledgeHub.Infra.Tesseract.Tests read scans with one).
    private const string NoText = "The PDF has no text layer";

    /// <summary>
    /// The intact samples the parser refuses, and the start of the reason each one gets. Every other intact sample must
    /// parse: a sample that starts being rejected fails the test instead of passing as "rejected with a reason".
    /// </summary>
    private static readonly Dictionary<string, string> RejectedIntact = new(StringComparer.Ordinal)
    {
        ["005-libreoffice-writer-password_libreoffice-writer-password.pdf"] = "The PDF is password-protected",

        // Images only, without a text layer (pdftotext finds no text either); OCR reads them where it runs.
        ["007-imagemagick-images_imagemagick-ASCII85Decode.pdf"] = NoText,
        ["007-imagemagick-images_imagemagick-CCITTFaxDecode.pdf"] = NoText,
        ["007-imagemagick-images_imagemagick-images.pdf"] = NoText,
        ["007-imagemagick-images_imagemagick-lzw.pdf"] = NoText,
        ["017-unreadable-meta-data_unreadablemetadata.pdf"] = NoText,
        ["019-grayscale-image_grayscale-image.pdf"] = NoText,
        ["023-cmyk-image_cmyk-image.pdf"] = NoText,
    };

    public static TheoryData<string, bool> Samples()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in PdfSamples.FileNames())
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_either_parses_into_paged_blocks_or_is_rejected_with_a_reason(string fileName, bool truncatedToHalf)
    {
        var bytes = PdfSamples.Bytes(fileName);
        if (truncatedToHalf)
        {
            bytes = bytes[..(bytes.Length / 2)];
        }

        ParsedDocument document;
        try
        {
            document = await PdfSamples.ParseAsync(bytes, fileName);
        }
        catch (DocumentRejectedException rejected)
        {
            Assert.False(string.IsNullOrWhiteSpace(rejected.Message));
            Assert.EndsWith(".", rejected.Message, StringComparison.Ordinal);
            if (!truncatedToHalf)
            {
                Assert.True(RejectedIntact.TryGetValue(fileName, out var expected), $"The intact sample {fileName} was rejected: {rejected.Message}");
                Assert.StartsWith(expected, rejected.Message, StringComparison.Ordinal);
            }

            return;
        }

        Assert.False(!truncatedToHalf && RejectedIntact.ContainsKey(fileName), $"{fileName} is listed as rejected but parsed; update the list.");

        Assert.NotNull(document.PageCount);
        Assert.Contains(document.Blocks, b => !string.IsNullOrWhiteSpace(b.Text));
        Assert.All(document.Blocks, b =>
        {
            Assert.False(string.IsNullOrWhiteSpace(b.Text));
            Assert.NotNull(b.Page);
            Assert.InRange(b.Page.Value, 1, document.PageCount.Value);
        });
    }
}
