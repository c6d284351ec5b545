using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>Limits that keep a hostile upload from exhausting the ingestion worker.</summary>
public sealed class ParsingOptions
{
    public const string Section = "KnowledgeHub:Parsing";

    /// <summary>
    /// Most bytes a zip-based document (.docx, .xlsx) may expand to when unpacked, all parts together. Real documents
    /// rarely unpack to more than a few tens of MiB; text beyond this limit would not be worth indexing anyway.
    /// </summary>
    [Range(typeof(long), "1048576", "17179869184")]
    public long MaxUnpackedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Highest compression ratio (unpacked : packed) accepted for a part larger than 1 MiB. Office XML compresses
    /// about 10:1; 100:1 is Apache POI's default threshold for the same check.
    /// </summary>
    [Range(10, 100_000)]
    public int MaxCompressionRatio { get; set; } = 100;
}
