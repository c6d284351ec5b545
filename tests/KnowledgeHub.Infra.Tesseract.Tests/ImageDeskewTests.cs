using BitMiracle.LibTiff.Classic;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SkiaSharp;
using Xunit.Abstractions;

namespace KnowledgeHub.Infra.Tesseract.Tests;

/// <summary>
/// Uploaded images decoded in process and read as rendered PDF pages are: photos and scans a few degrees askew are
/// straightened, frames of a multi-page TIFF are read in parallel with progress, fax (CCITT G4) frames decode.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ImageDeskewTests(ITestOutputHelper output)
{
    private const string FourPages = "004-pdflatex-4-pages_pdflatex-4-pages.pdf";

    [OcrFact]
    public async Task Png_turned_three_degrees_reads_back_with_boxes_on_the_image()
    {
        var image = Scans.Render(SharedData.PdfSample(FourPages), 1, dpi: 200).Skew(3);

        var parsed = await new ImageParser(Scans.Reader()).ParseAsync(new MemoryStream(image.ToPng()), "askew.png");

        AssertBoxesInside(parsed, image.Width, image.Height);
        await AssertReadsBack(parsed, 1, 1, "png +3°");
    }

    /// <summary>
    /// Screenshots and many converters state no resolution, cameras state 72 DPI whatever they shot; told nothing (or
    /// 72) Tesseract splits and reorders the lines of this 200-DPI page and about a third of its text reads wrong.
    /// </summary>
    [OcrTheory]
    [InlineData(null)]
    [InlineData(72)]
    public async Task Png_of_a_200_dpi_page_stating_no_plausible_resolution_still_reads_back(int? statedDpi)
    {
        var image = Scans.Render(SharedData.PdfSample(FourPages), 1, dpi: 200) with { Dpi = statedDpi };

        var parsed = await new ImageParser(Scans.Reader()).ParseAsync(new MemoryStream(image.ToPng()), "screenshot.png");

        AssertBoxesInside(parsed, image.Width, image.Height);
        await AssertReadsBack(parsed, 1, 1, $"png stating {(statedDpi is null ? "no resolution" : $"{statedDpi} dpi")}");
    }

    [OcrFact]
    public async Task Colour_jpeg_turned_minus_two_degrees_reads_back_with_boxes_on_the_image()
    {
        var image = Scans.Render(SharedData.PdfSample(FourPages), 1, dpi: 200).Skew(-2);

        var jpeg = ColourJpeg(image);
        Assert.Null(ImageDecoder.WhyNotDecodable(jpeg, 1));
        var log = new RecordingLogger<OcrReader>();

        var parsed = await new ImageParser(Reader(log)).ParseAsync(new MemoryStream(jpeg), "photo.jpg");

        // Tesseract alone copes with 2°; the photo is still straightened, so its boxes were turned back.
        Assert.Single(log.Events, e => e.Id == 2232);

        AssertBoxesInside(parsed, image.Width, image.Height);
        await AssertReadsBack(parsed, 1, 1, "jpeg -2°");
    }

    [OcrFact]
    public async Task Phone_photo_stored_sideways_with_exif_orientation_gets_boxes_on_the_upright_page()
    {
        var upright = Scans.Render(SharedData.PdfSample(FourPages), 1, dpi: 200);

        // A phone stores a portrait shot as the sensor saw it (turned 90° counter-clockwise) and tags it "rotate 90° clockwise" (6).
        var stored = upright.RotateClockwise().RotateClockwise().RotateClockwise();
        // A scanning app states the resolution; without it Tesseract guesses one (228 for this page) and loses lines.
        var photo = WithExifOrientation(WithJfifDensity(ColourJpeg(stored), 200), 6);

        var parsed = await new ImageParser(Scans.Reader()).ParseAsync(new MemoryStream(photo), "portrait.jpg");

        // On the stored (landscape) image many boxes would lie beyond the upright page's width.
        AssertBoxesInside(parsed, upright.Width, upright.Height);
        var first = parsed.Blocks.First(b => b.Text.StartsWith("Hello", StringComparison.Ordinal));
        Assert.True(first.Box!.Top > upright.Height * 2 / 3.0, $"the first line's box {first.Box} is near the top of the upright page");
        await AssertReadsBack(parsed, 1, 1, "jpeg exif orientation 6");
    }

    [OcrFact]
    public async Task Multi_page_tiff_with_one_frame_askew_reads_every_frame_with_progress()
    {
        var source = SharedData.PdfSample(FourPages);
        var square = Scans.Render(source, 1, dpi: 200);
        var askew = Scans.Render(source, 2, dpi: 200).Skew(3);
        var tiff = GreyImage.ToTiff([square, askew]);
        var reports = new List<(int Done, int Of)>();

        var log = new RecordingLogger<OcrReader>();

        var parsed = await new ImageParser(Reader(log, o => o.MaxParallelPages = 2)).ParseAsync(
            new MemoryStream(tiff), "pages.tiff", (done, of) => { lock (reports) { reports.Add((done, of)); } return Task.CompletedTask; });

        var straightened = Assert.Single(log.Events, e => e.Id == 2232);
        Assert.StartsWith("Page 2 ", straightened.Message, StringComparison.Ordinal);

        Assert.Equal(2, parsed.PageCount);
        Assert.Equal([1, 2], parsed.OcrPages!.Select(p => p.Page));
        Assert.Equal([1, 2], parsed.Blocks.Select(b => b.Page!.Value).Distinct().Order());
        Assert.All(parsed.Blocks, b => Assert.NotNull(b.Box));
        AssertBoxesInside(parsed, askew.Width, askew.Height);
        Assert.Equal([(0, 2), (1, 2), (2, 2)], reports);
        await AssertReadsBack(parsed, 1, 1, "tiff frame 1 (square)");
        await AssertReadsBack(parsed, 2, 2, "tiff frame 2 (+3°)");
    }

    [OcrFact]
    public async Task Fax_tiff_frame_of_one_bit_ccitt_g4_reads_back()
    {
        var image = Scans.Render(SharedData.PdfSample(FourPages), 1, dpi: 300);
        var fax = FaxTiff(image);

        // Decoded here, not handed to Tesseract as a file: the frame takes the straightening path.
        Assert.Null(ImageDecoder.WhyNotDecodable(fax, 1));
        var parsed = await new ImageParser(Scans.Reader()).ParseAsync(new MemoryStream(fax), "fax.tif");

        Assert.Equal(1, parsed.PageCount);
        AssertBoxesInside(parsed, image.Width, image.Height);
        await AssertReadsBack(parsed, 1, 1, "tiff g4 1-bit");
    }

    [OcrFact]
    public async Task Tiff_in_a_compression_libtiff_net_lacks_is_handed_to_tesseract_with_a_warning()
    {
        var image = Scans.Render(SharedData.PdfSample(FourPages), 1, dpi: 200);
        var zstd = ZstdTiff(image);
        var log = new RecordingLogger<OcrReader>();

        var parsed = await new ImageParser(Reader(log)).ParseAsync(new MemoryStream(zstd), "zstd.tif");

        var warning = Assert.Single(log.Events, e => e.Id == 2233);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("50000", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, parsed.PageCount);
        await AssertReadsBack(parsed, 1, 1, "tiff zstd (Tesseract's own decoder)");
    }

    [Fact]
    public void Skia_native_library_loads_without_extra_system_packages()
    {
        Assert.Null(SkiaImages.WhyUnavailable);
    }

    [Fact]
    public void Colour_pixels_become_luma_and_transparent_pixels_become_paper()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(3, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.SetPixel(0, 0, new SKColor(255, 0, 0, 255));
        bitmap.SetPixel(1, 0, new SKColor(0, 0, 0, 0));
        bitmap.SetPixel(2, 0, new SKColor(0, 0, 0, 128));
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        var grey = ImageDecoder.Decode(png.ToArray(), 0, 1_000_000);

        Assert.Equal((3, 1), (grey.Width, grey.Height));
        Assert.Equal(76, grey.Pixels[0]);
        Assert.Equal(255, grey.Pixels[1]);
        Assert.InRange(grey.Pixels[2], 126, 128);
    }

    [Fact]
    public void Tiff_frame_whose_pixel_data_is_garbage_is_refused_as_damaged()
    {
        var tiff = GreyImage.ToTiff([new GreyImage(64, 64, new byte[64 * 64])]);

        // Claim LZW compression (tag 259) for the uncompressed strip: the decoder meets a stream that is not LZW.
        var entry = FindEntry(tiff, 259);
        tiff[entry + 8] = 5;

        var error = Assert.Throws<DocumentRejectedException>(() => ImageDecoder.Decode(tiff, 0, 1_000_000));
        Assert.StartsWith("The image is damaged and could not be read:", error.Message, StringComparison.Ordinal);
    }

    private static OcrReader Reader(RecordingLogger<OcrReader> log, Action<OcrOptions>? configure = null)
    {
        var settings = new OcrOptions();
        configure?.Invoke(settings);
        var options = Options.Create(settings);
        return new OcrReader(options, log, new TesseractOcrEngine(options, NullLogger<TesseractOcrEngine>.Instance), new PdfToPpmRenderer(options, NullLogger<PdfToPpmRenderer>.Instance));
    }

    private static int FindEntry(byte[] tiff, ushort tag)
    {
        var ifd = BitConverter.ToInt32(tiff, 4);
        var entries = BitConverter.ToUInt16(tiff, ifd);
        for (var i = 0; i < entries; i++)
        {
            var at = ifd + 2 + (i * 12);
            if (BitConverter.ToUInt16(tiff, at) == tag)
            {
                return at;
            }
        }

        throw new InvalidOperationException("tag not found");
    }

    private static void AssertBoxesInside(ParsedDocument parsed, int width, int height)
    {
        Assert.NotEmpty(parsed.Blocks);
        Assert.All(parsed.Blocks, b =>
            Assert.True(b.Box is { } box && box.Left >= 0 && box.Right <= width && box.Bottom >= 0 && box.Top <= height, $"box {b.Box}"));
    }

    private async Task AssertReadsBack(ParsedDocument parsed, int page, int sourcePage, string what)
    {
        var reference = await Scans.TextLayer(File.ReadAllBytes(SharedData.PdfSample(FourPages)), sourcePage);
        var cer = Scans.CharacterErrorRate(reference, string.Join(' ', parsed.Blocks.Where(b => b.Page == page).Select(b => b.Text)));
        output.WriteLine($"CER {what}: {cer:P2}");
        Assert.True(cer <= 0.03, $"CER {what} {cer:P2}");
    }

    /// <summary>
    /// One grey frame, compressed as Zstandard (TIFF compression 50000, which Debian's libtiff reads and LibTiff.NET
    /// does not), written with raw (stored) Zstandard blocks so no encoder is needed.
    /// </summary>
    private static byte[] ZstdTiff(GreyImage image)
    {
        using var strip = new MemoryStream();
        strip.Write([0x28, 0xB5, 0x2F, 0xFD, 0x00, 7 << 3]);
        const int BlockSize = 128 * 1024;
        for (var at = 0; at < image.Pixels.Length; at += BlockSize)
        {
            var size = Math.Min(BlockSize, image.Pixels.Length - at);
            var header = (size << 3) | (at + size >= image.Pixels.Length ? 1 : 0);
            strip.Write([(byte)header, (byte)(header >> 8), (byte)(header >> 16)]);
            strip.Write(image.Pixels, at, size);
        }

        var data = strip.ToArray();
        using var output = new MemoryStream();
        using var w = new BinaryWriter(output);
        w.Write("II"u8);
        w.Write((ushort)42);
        var resolutionAt = 8u + (uint)data.Length + (uint)(data.Length % 2);
        w.Write(resolutionAt + 8);
        w.Write(data);
        if (data.Length % 2 == 1)
        {
            w.Write((byte)0);
        }

        w.Write((uint)(image.Dpi ?? 72));
        w.Write(1u);

        (ushort Tag, ushort Type, uint Value)[] entries =
        [
            (256, 4, (uint)image.Width), (257, 4, (uint)image.Height), (258, 3, 8), (259, 3, 50000), (262, 3, 1),
            (273, 4, 8), (277, 3, 1), (278, 4, (uint)image.Height), (279, 4, (uint)data.Length),
            (282, 5, resolutionAt), (283, 5, resolutionAt), (296, 3, 2),
        ];
        GreyImage.WriteIfd(w, entries);

        w.Write(0u);
        w.Flush();
        return output.ToArray();
    }

    private sealed class RecordingLogger<T> : ILogger<T>
    {
        public List<(int Id, LogLevel Level, string Message)> Events { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Events)
            {
                Events.Add((eventId.Id, logLevel, formatter(state, exception)));
            }
        }
    }

    /// <summary>The JPEG with its JFIF block (APP0) stating <paramref name="dpi"/>; one is added when the encoder wrote none.</summary>
    private static byte[] WithJfifDensity(byte[] jpeg, ushort dpi)
    {
        var jfif = jpeg.AsSpan(0, 32).IndexOf("JFIF\0"u8);
        if (jfif < 0)
        {
            byte[] app0 = [0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 1, (byte)(dpi >> 8), (byte)dpi, (byte)(dpi >> 8), (byte)dpi, 0, 0];
            return [.. jpeg[..2], .. app0, .. jpeg[2..]];
        }

        var copy = jpeg.ToArray();
        copy[jfif + 7] = 1;
        (copy[jfif + 8], copy[jfif + 9], copy[jfif + 10], copy[jfif + 11]) = ((byte)(dpi >> 8), (byte)dpi, (byte)(dpi >> 8), (byte)dpi);
        return copy;
    }

    /// <summary>The JPEG with an EXIF block (APP1) right after its start that gives only the orientation tag (0x0112).</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] exif =
        [
            0xFF, 0xE1, 0x00, 34, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,
            0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0,
            0, 0, 0, 0,
        ];
        return [.. jpeg[..2], .. exif, .. jpeg[2..]];
    }

    /// <summary>The grey image as a colour (three-channel) JPEG, as a phone camera writes one.</summary>
    private static byte[] ColourJpeg(GreyImage image)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[image.Width * image.Height * 4];
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            // Slightly warm paper, as a photo of a sheet under room light.
            var v = image.Pixels[i];
            (pixels[i * 4], pixels[(i * 4) + 1], pixels[(i * 4) + 2], pixels[(i * 4) + 3]) = (v, (byte)(v * 0.97), (byte)(v * 0.9), 255);
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return jpeg.ToArray();
    }

    /// <summary>The image thresholded to one bit per pixel and written as a CCITT Group 4 fax TIFF (white is zero).</summary>
    private static byte[] FaxTiff(GreyImage image)
    {
        using var stream = new MemoryStream();
        using (var tiff = Tiff.ClientOpen("fax", "w", stream, new TiffStream()))
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, image.Width);
            tiff.SetField(TiffTag.IMAGELENGTH, image.Height);
            tiff.SetField(TiffTag.BITSPERSAMPLE, 1);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.COMPRESSION, Compression.CCITTFAX4);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISWHITE);
            tiff.SetField(TiffTag.FILLORDER, FillOrder.MSB2LSB);
            tiff.SetField(TiffTag.ROWSPERSTRIP, image.Height);
            tiff.SetField(TiffTag.XRESOLUTION, 300.0);
            tiff.SetField(TiffTag.YRESOLUTION, 300.0);
            tiff.SetField(TiffTag.RESOLUTIONUNIT, ResUnit.INCH);
            var row = new byte[(image.Width + 7) / 8];
            for (var y = 0; y < image.Height; y++)
            {
                Array.Clear(row);
                for (var x = 0; x < image.Width; x++)
                {
                    if (image.Pixels[(y * image.Width) + x] < 128)
                    {
                        row[x / 8] |= (byte)(0x80 >> (x % 8));
                    }
                }

                tiff.WriteScanline(row, y);
            }

            tiff.WriteDirectory();
        }

        return stream.ToArray();
    }
}
