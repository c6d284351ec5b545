using System.Globalization;

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

    public const string PdfNoText = "The PDF has no text layer; OCR is not available (install tesseract-ocr).";

    public const string PdfNoTextNoRenderer = "The PDF has no text layer; OCR cannot render its pages (install poppler-utils).";

    public const string PdfNoTextOcrOff = "The PDF has no text layer; OCR is turned off (KnowledgeHub:Ocr:Enabled).";

    public const string PdfNoTextAfterOcr = "The PDF has no text layer, and OCR found no text on its pages.";

    public const string ImageOcrUnavailable = "Images are read by OCR, which is not available (install tesseract-ocr).";

    public const string ImageOcrOff = "Images are read by OCR, which is turned off (KnowledgeHub:Ocr:Enabled).";

    public const string ImageNoText = "OCR found no text in the image.";

    public const string ImageTruncated = "The image is incomplete (probably truncated during upload or download); upload the whole file again.";

    public const string ImageUnknownFormat = "The file is not an image in a supported format (PNG, JPEG, TIFF, BMP, WebP); it may have been renamed from another format.";

    public static string ImageDamaged(string reason) => $"The image is damaged and could not be read: {reason}.";

    public static string PageTooLarge(string what, long width, long height, long maxPixels) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} is {width} × {height} pixels ({width * height:N0}), more than the limit of {maxPixels:N0} pixels per page (KnowledgeHub:Ocr:MaxPixelsPerPage); it may be a decompression bomb.");

    public static string TooManyPages(int pages, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"The document has {pages} pages, more than the limit of {limit} (KnowledgeHub:Ingestion:MaxPages).");

    public static string OcrPageTimeout(int page, TimeSpan limit) =>
        string.Create(CultureInfo.InvariantCulture, $"Reading page {page} by OCR took longer than the limit of {limit.TotalSeconds:F0} seconds (KnowledgeHub:Ocr:PageTimeout).");

    public const string MarkdownNoText = "The Markdown file contains no text.";

    public static string PdfDamaged(string reason) => $"The PDF is damaged and could not be read: {reason}.";

    /// <param name="kind">What the format is called in a sentence: "Word document", "HTML page".</param>
    public static string NoText(string kind) => $"The {kind} contains no text.";

    /// <param name="kind">"Word document", "Excel workbook".</param>
    /// <param name="extension">".docx", ".xlsx".</param>
    public static string NotOfficeDocument(string kind, string extension) =>
        $"The file is not a valid {kind} ({extension}); it may be damaged or renamed from another format.";

    /// <summary>Encrypted OOXML and the pre-2007 binary formats are both OLE compound files, which cannot be told apart cheaply.</summary>
    public static string OfficeProtectedOrLegacy(string extension) =>
        $"The document is password-protected or in the old binary format; save it as {extension} without a password and upload again.";

    public static string DecompressionBomb(long limitBytes) =>
        $"The document expands to more than {Size(limitBytes)} when unpacked (the limit for uploaded documents); it may be a decompression bomb.";

    public static string CompressionRatioTooHigh(int maxRatio) =>
        $"A part of the document is compressed more than {maxRatio}:1 (the limit for uploaded documents); it may be a decompression bomb.";

    public static string UnsupportedType(string extension, IEnumerable<string> supported) =>
        $"Unsupported file type '{extension}'. Supported types: {string.Join(", ", supported)}.";

    private static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";
}
