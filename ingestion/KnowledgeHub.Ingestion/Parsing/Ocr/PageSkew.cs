namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>
/// Finds how far a scanned page is turned off square (a sheet fed a few degrees askew) and straightens it.
/// Tesseract's own layout analysis loses most lines of a page turned by about 3° (it read 2 lines of a 40-line page),
/// so pages are straightened before it reads them and the word boxes are turned back onto the original page.
/// </summary>
/// <remarks>
/// The angle is the one whose projection profile is sharpest: projected along the right angle, the dark pixels of
/// each text line fall into a few rows and the gaps between lines stay empty, so the sum of squared differences of
/// neighbouring rows peaks. Columns are tried as well, for a page scanned sideways (which Tesseract then turns by
/// orientation detection).
/// </remarks>
internal static class PageSkew
{
    /// <summary>Largest skew looked for, either way; beyond it a page is not "slightly askew" and is left as it is.</summary>
    public const double MaxDegrees = 6;

    /// <summary>Turns smaller than this are not worth a resampling pass (Tesseract reads them well).</summary>
    public const double MinDegrees = 0.4;

    private const int SampleSide = 1200;
    private const double CoarseStep = 0.2;
    private const double FineStep = 0.025;

    /// <summary>
    /// The page's skew in degrees, positive when its lines run down to the right (clockwise); 0 when the page is
    /// square, blank, or shows no line structure.
    /// </summary>
    public static double Estimate(GreyPage page)
    {
        var (xs, ys) = DarkSamples(page);
        if (xs.Length < 200)
        {
            return 0;
        }

        double best = 0, bestScore = double.MinValue, scoreAtZero = 0;
        foreach (var rows in (bool[])[true, false])
        {
            for (var degrees = -MaxDegrees; degrees <= MaxDegrees + 1e-9; degrees += CoarseStep)
            {
                var score = Sharpness(xs, ys, degrees, rows);
                if (Math.Abs(degrees) < 1e-9)
                {
                    scoreAtZero = Math.Max(scoreAtZero, score);
                }

                if (score > bestScore)
                {
                    (best, bestScore) = (degrees, score);
                }
            }
        }

        var bestRows = Sharpness(xs, ys, best, rows: true) >= Sharpness(xs, ys, best, rows: false);
        for (var degrees = best - CoarseStep; degrees <= best + CoarseStep + 1e-9; degrees += FineStep)
        {
            var score = Sharpness(xs, ys, degrees, bestRows);
            if (score > bestScore)
            {
                (best, bestScore) = (degrees, score);
            }
        }

        // A page without lines (a photo, a blank page with specks) has a flat score; a turn must clearly win.
        return bestScore > scoreAtZero * 1.05 ? Math.Round(best, 2) : 0;
    }

    /// <summary>
    /// The page turned back by <paramref name="degrees"/> onto a canvas large enough to keep its corners, white where
    /// the original had no pixels; bilinear, so strokes keep their weight.
    /// </summary>
    public static GreyPage Straighten(GreyPage page, double degrees)
    {
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        var width = (int)Math.Ceiling((page.Width * Math.Abs(cos)) + (page.Height * Math.Abs(sin)));
        var height = (int)Math.Ceiling((page.Width * Math.Abs(sin)) + (page.Height * Math.Abs(cos)));
        var pixels = new byte[width * height];
        var map = new Turn(page, width, height, sin, cos);
        Parallel.For(0, height, y =>
        {
            for (var x = 0; x < width; x++)
            {
                var (sx, sy) = map.ToOriginal(x, y);
                var (x0, y0) = ((int)Math.Floor(sx), (int)Math.Floor(sy));
                var (fx, fy) = (sx - x0, sy - y0);
                var value = (At(page, x0, y0) * (1 - fx) * (1 - fy)) + (At(page, x0 + 1, y0) * fx * (1 - fy))
                    + (At(page, x0, y0 + 1) * (1 - fx) * fy) + (At(page, x0 + 1, y0 + 1) * fx * fy);
                pixels[(y * width) + x] = (byte)Math.Clamp(Math.Round(value), 0, 255);
            }
        });

        return new GreyPage(width, height, pixels);
    }

    /// <summary>What Tesseract read on the straightened page, with each word's box turned back onto the original page.</summary>
    public static OcrPage TurnBack(OcrPage read, GreyPage original, GreyPage straightened, double degrees)
    {
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        var map = new Turn(original, straightened.Width, straightened.Height, sin, cos);
        var words = new List<OcrWord>(read.Words.Count);
        foreach (var word in read.Words)
        {
            double left = double.MaxValue, top = double.MaxValue, right = double.MinValue, bottom = double.MinValue;
            foreach (var (x, y) in (ReadOnlySpan<(double, double)>)[(word.Left, word.Top), (word.Left + word.Width, word.Top), (word.Left, word.Top + word.Height), (word.Left + word.Width, word.Top + word.Height)])
            {
                var (ox, oy) = map.ToOriginal(x, y);
                (left, top, right, bottom) = (Math.Min(left, ox), Math.Min(top, oy), Math.Max(right, ox), Math.Max(bottom, oy));
            }

            var l = (int)Math.Clamp(Math.Round(left), 0, original.Width - 1);
            var t = (int)Math.Clamp(Math.Round(top), 0, original.Height - 1);
            var r = (int)Math.Clamp(Math.Round(right), l + 1, original.Width);
            var b = (int)Math.Clamp(Math.Round(bottom), t + 1, original.Height);
            words.Add(word with { Left = l, Top = t, Width = r - l, Height = b - t });
        }

        return new OcrPage(original.Width, original.Height, words);
    }

    private static double At(GreyPage page, int x, int y) =>
        x < 0 || y < 0 || x >= page.Width || y >= page.Height ? 255 : page[x, y];

    /// <summary>Dark pixels of a page shrunk to about <see cref="SampleSide"/> pixels on its long side, centred on the page.</summary>
    private static (float[] Xs, float[] Ys) DarkSamples(GreyPage page)
    {
        var step = Math.Max(1, (int)Math.Ceiling(Math.Max(page.Width, page.Height) / (double)SampleSide));
        // Whole-sample centre: a half-sample offset would make every bin of the unturned profile land on a rounding edge.
        var (cx, cy) = (page.Width / 2 / step, page.Height / 2 / step);
        List<float> xs = [], ys = [];
        for (var y = 0; y + step <= page.Height; y += step)
        {
            for (var x = 0; x + step <= page.Width; x += step)
            {
                // The darkest pixel of the block, so thin strokes survive the shrinking.
                var darkest = 255;
                for (var dy = 0; dy < step; dy++)
                {
                    for (var dx = 0; dx < step; dx++)
                    {
                        darkest = Math.Min(darkest, page[x + dx, y + dy]);
                    }
                }

                if (darkest < 128)
                {
                    xs.Add((float)((x / step) - cx));
                    ys.Add((float)((y / step) - cy));
                }
            }
        }

        return ([.. xs], [.. ys]);
    }

    /// <summary>Sum of squared differences between neighbouring bins of the profile after turning back by <paramref name="degrees"/>.</summary>
    private static double Sharpness(float[] xs, float[] ys, double degrees, bool rows)
    {
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        var extent = (int)Math.Ceiling(SampleSide * 1.5);
        var bins = new int[(2 * extent) + 1];
        for (var i = 0; i < xs.Length; i++)
        {
            // Where the sample lands once the page is turned back: the row (or column) coordinate only.
            var position = rows ? (-sin * xs[i]) + (cos * ys[i]) : (cos * xs[i]) + (sin * ys[i]);
            var bin = (int)Math.Floor(position + 0.5) + extent;
            if ((uint)bin < (uint)bins.Length)
            {
                bins[bin]++;
            }
        }

        double sum = 0;
        for (var i = 1; i < bins.Length; i++)
        {
            double difference = bins[i] - bins[i - 1];
            sum += difference * difference;
        }

        return sum;
    }

    /// <summary>From a point of the straightened canvas to the original page (the canvas is centred on the page).</summary>
    private readonly record struct Turn(GreyPage Original, int Width, int Height, double Sin, double Cos)
    {
        public (double X, double Y) ToOriginal(double x, double y)
        {
            var (dx, dy) = (x - ((Width - 1) / 2.0), y - ((Height - 1) / 2.0));
            return ((Cos * dx) - (Sin * dy) + ((Original.Width - 1) / 2.0), (Sin * dx) + (Cos * dy) + ((Original.Height - 1) / 2.0));
        }
    }
}
