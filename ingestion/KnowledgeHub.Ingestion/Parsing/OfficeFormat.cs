namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>An Office Open XML format, named the way rejection messages speak of it.</summary>
/// <param name="Kind">"Word document", used in "The file is not a valid Word document (.docx)".</param>
internal sealed record OfficeFormat(string Kind, string Extension)
{
    public static readonly OfficeFormat Word = new("Word document", ".docx");

    public static readonly OfficeFormat Excel = new("Excel workbook", ".xlsx");
}
