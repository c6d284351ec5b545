namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// The failure reasons shown to the person who uploaded a document, in one place so that parsers word the same
/// problem the same way and tests can compare against them.
/// </summary>
public static class DocumentRejections
{
    public const string Empty = "The file is empty.";

    public const string NotPdf = "The file is not a PDF (it has no PDF header); it may have been renamed from another format.";

    public const string PdfPasswordProtected = "The PDF is password-protected; remove the password and upload it again.";

    public const string PdfNoText = "The PDF contains no extractable text (it may be scanned images; OCR is not supported).";

    public const string MarkdownNoText = "The Markdown file contains no text.";

    public static string PdfDamaged(string reason) => $"The PDF is damaged and could not be read: {reason}.";

    public static string UnsupportedType(string extension, IEnumerable<string> supported) =>
        $"Unsupported file type '{extension}'. Supported types: {string.Join(", ", supported)}.";
}
