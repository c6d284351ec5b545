using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>OCR of scanned PDF pages and images (<c>KnowledgeHub:Ocr</c>).</summary>
public sealed class OcrOptions
{
    public const string Section = "KnowledgeHub:Ocr";

    /// <summary>False turns OCR off: scanned PDFs fail as having no text layer, images are refused.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Tesseract program: a name looked up on PATH, or a full path.</summary>
    [Required]
    public string TesseractPath { get; set; } = "tesseract";

    /// <summary>poppler's page renderer: a name looked up on PATH, or a full path.</summary>
    [Required]
    public string PdfToPpmPath { get; set; } = "pdftoppm";

    /// <summary>
    /// Tesseract languages joined by '+', e.g. "eng+chi_sim". Empty: eng and chi_sim, those of them that are installed.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_]+(\\+[A-Za-z0-9_]+)*$")]
    public string? Languages { get; set; }

    /// <summary>Resolution scanned PDF pages are rendered at.</summary>
    [Range(72, 600)]
    public int Dpi { get; set; } = 300;

    /// <summary>Time limit for rendering (or decoding) and reading one page or image frame.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Most pixels one page or image frame may have (width × height). A decompression bomb (a small file that
    /// decodes to a huge image) is refused before anything decodes it. 100 million is an A0 sheet at 300 DPI.
    /// </summary>
    [Range(1_000_000, 1_000_000_000)]
    public long MaxPixelsPerPage { get; set; } = 100_000_000;

    /// <summary>Pages read at the same time, each by its own Tesseract process. 0: one per processor.</summary>
    [Range(0, 64)]
    public int MaxParallelPages { get; set; }

    /// <summary>Pages whose mean word confidence (0-100) is below this are kept but flagged as low confidence.</summary>
    [Range(0, 100)]
    public double LowConfidence { get; set; } = 70;

    /// <summary>
    /// A PDF page with an image and fewer readable characters than this per square inch of page is read by OCR
    /// (a letter page of running text has about 30; a scan with a stamped page number has none).
    /// </summary>
    [Range(0.0, 100.0)]
    public double MinCharsPerSquareInch { get; set; } = 1.0;

    /// <summary>Whether Tesseract detects the page's orientation first (--psm 1), so pages scanned at 90/180/270° read correctly.</summary>
    public bool DetectOrientation { get; set; } = true;

    /// <summary>
    /// Whether a scanned PDF page or uploaded image frame turned a few degrees off square (up to 6°) is straightened
    /// before Tesseract reads it; Tesseract alone loses most lines of a page turned by about 3°. Boxes are turned back
    /// onto the page as scanned.
    /// </summary>
    public bool Deskew { get; set; } = true;

    /// <summary>
    /// Threads each Tesseract process may use (OMP_THREAD_LIMIT). One is fastest when pages run in parallel: Tesseract's
    /// own threading gains little and contends with the other pages (see docs/benchmarks.md).
    /// </summary>
    [Range(1, 64)]
    public int ThreadsPerPage { get; set; } = 1;

    /// <summary>
    /// Where the pages of a PDF read by OCR are kept until the whole document is read, so that a run killed halfway
    /// resumes at the first page not yet read. The host sets it to <c>&lt;DataPath&gt;/ocr</c>; unset, nothing is kept.
    /// </summary>
    public string? CachePath { get; set; }

    public int ParallelPages => MaxParallelPages > 0 ? MaxParallelPages : Environment.ProcessorCount;
}
