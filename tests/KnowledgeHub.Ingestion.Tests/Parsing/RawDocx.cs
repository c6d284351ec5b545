using System.IO.Compression;
using System.Text;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

/// <summary>
/// Writes the three parts a Word package needs straight through <see cref="ZipArchive"/>, streaming document.xml,
/// so that tests can build packages far larger when unpacked than anything they hold in memory.
/// </summary>
internal static class RawDocx
{
    private const string ContentTypes =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""";

    private const string Relationships =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""";

    private const string DocumentStart =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">""";

    private const string DocumentEnd = "</w:t></w:r></w:p></w:body></w:document>";

    /// <summary>A package whose single paragraph holds what <paramref name="fill"/> writes (XML-escaped by the caller).</summary>
    public static void Write(string path, Action<Stream> fill)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        WriteEntry(zip, "[Content_Types].xml", ContentTypes);
        WriteEntry(zip, "_rels/.rels", Relationships);
        using var document = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
        document.Write(Encoding.UTF8.GetBytes(DocumentStart));
        fill(document);
        document.Write(Encoding.UTF8.GetBytes(DocumentEnd));
    }

    /// <summary>Writes <paramref name="count"/> copies of <paramref name="value"/> in 1 MiB pieces.</summary>
    public static Action<Stream> Repeated(byte value, long count) => stream =>
    {
        var block = new byte[1024 * 1024];
        Array.Fill(block, value);
        for (var left = count; left > 0; left -= block.Length)
        {
            stream.Write(block, 0, (int)Math.Min(block.Length, left));
        }
    };

    /// <summary>Writes <paramref name="count"/> bytes of pseudo-random words, which compress only about 2:1.</summary>
    public static Action<Stream> Words(long count) => stream =>
    {
        var random = new Random(42);
        var block = new byte[64 * 1024];
        for (var left = count; left > 0; left -= block.Length)
        {
            for (var i = 0; i < block.Length; i++)
            {
                block[i] = random.Next(6) == 0 ? (byte)' ' : (byte)('a' + random.Next(26));
            }

            stream.Write(block, 0, (int)Math.Min(block.Length, left));
        }
    };

    public static void Text(string path, string text) => Write(path, s => s.Write(Encoding.UTF8.GetBytes(text)));

    private static void WriteEntry(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }
}
