namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>What the engine read on one image (or one frame of it), in the engine's reading order.</summary>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
public sealed record OcrPage(int Width, int Height, IReadOnlyList<OcrWord> Words);

/// <summary>One recognised word.</summary>
/// <param name="Left">Pixels from the image's left edge.</param>
/// <param name="Top">Pixels from the image's top edge (y grows downwards, as in the image).</param>
/// <param name="Confidence">0 to 100.</param>
/// <param name="Line">Which text line the word belongs to; words of one line share it (unique on the page).</param>
public sealed record OcrWord(string Text, int Left, int Top, int Width, int Height, double Confidence, int Line);
