using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class PdfSampleCorpusTests
{
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
            return;
        }

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
