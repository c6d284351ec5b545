using System.Text;
using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

internal static class ParserTestInput
{
    public static Task<ParsedDocument> ParseAsync(IDocumentParser parser, string text, string fileName) =>
        ParseAsync(parser, Encoding.UTF8.GetBytes(text), fileName);

    public static async Task<ParsedDocument> ParseAsync(IDocumentParser parser, byte[] bytes, string fileName)
    {
        using var stream = new MemoryStream(bytes);
        return await parser.ParseAsync(stream, fileName);
    }
}
