using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Tests.Chunking;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

/// <summary>
/// The pdflatex book sample sets its formulas in Computer Modern math fonts (CMSY, CMMI, CMEX, MSAM) embedded as CFF
/// programs with built-in encodings. The expected symbols are the ones `pdftotext` reads on the same pages.
/// </summary>
public class PdfMathSymbolTests
{
    private const string Book = "009-pdflatex-geotopo_GeoTopo-komprimiert.pdf";

    // The book is the largest sample (117 pages); every test reads the same parse.
    private static readonly Lazy<Task<ParsedDocument>> BookParse = new(() => PdfSamples.ParseAsync(Book));

    [SharedDataFact]
    public async Task Set_symbols_of_the_math_font_come_out_as_their_unicode_characters()
    {
        var page6 = await PageBlocksAsync(6);

        // Read by character code these were "A X heißt abgeschlossen, wenn X n A offen ist." (⊆ lost, \ as 'n').
        Assert.Contains("A ⊆ X heißt abgeschlossen, wenn X \\ A offen ist.", page6);
        Assert.Contains(page6, b => b.Contains("{ y ∈ R | d(x,y) < r } ⊆ U", StringComparison.Ordinal));
        Assert.DoesNotContain(page6, b => b.Contains("f y 2 R j", StringComparison.Ordinal));
        Assert.Contains(page6, b => b.Contains("U ⊆ R offen ⇔ für jedes x ∈ U", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public async Task Intersection_negated_equals_and_empty_set_read_as_one_sentence_without_ascii_stand_ins()
    {
        var page17 = await PageBlocksAsync(17);

        // By character code: "Ist A \ B 6= ;, dann ist A [ B zusammenhängend."
        Assert.Contains("Ist A ∩ B ≠ ∅, dann ist A ∪ B zusammenhängend.", page17);
    }

    [SharedDataFact]
    public async Task Quantifiers_and_implication_arrows_come_out_as_their_unicode_characters()
    {
        var page2 = await PageBlocksAsync(2);
        var page12 = await PageBlocksAsync(12);

        Assert.Contains(page2, b => b.Contains("Quantoren (∀,∃), Mengenschreibweisen (∪,∩,\\,∅,R,P(M))", StringComparison.Ordinal));
        Assert.Contains(page12, b => b.Contains("d(x,y) > 0 ⇒ ∃ε > 0", StringComparison.Ordinal));
        Assert.Contains(page12, b => b.Contains("für je zwei Punkte x ≠ y in X", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public async Task Minus_signs_of_the_math_font_are_not_dropped_as_control_characters()
    {
        var page31 = await PageBlocksAsync(31);

        // CMSY's minus has code 0: read by code it was a control character and vanished ("grad(F) = ( 3x ;2y)").
        Assert.Contains(page31, b => b.Contains("grad(F) = (−3x ,2y)", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public async Task Tick_labels_of_plots_are_not_part_of_the_page_text()
    {
        var page31 = await PageBlocksAsync(31);
        var text = string.Join("\n", page31);

        // Figure 2.2: a 3D plot with axes −1…5, −4…4 and −100…100, and a 2D plot with axes 2…12 and −10…10.
        Assert.DoesNotContain("2 4 6 8 10 12", text, StringComparison.Ordinal);
        Assert.DoesNotContain("100", text, StringComparison.Ordinal);
        Assert.DoesNotContain(page31, b => b is "−10" or "−5" or "5" or "10" or "0");
        Assert.DoesNotContain(page31, b => b.Contains("2 0 1 2 4 x 3 4 5", StringComparison.Ordinal));
        Assert.Contains("Abbildung 2.2: Rechts ist die Neilsche Parabel für verschiedene Parameter a.", page31);
    }

    [SharedDataFact]
    public async Task Chunk_with_the_caption_of_a_plot_holds_none_of_its_tick_labels()
    {
        var document = await BookParse.Value;
        var chunks = new TextChunker(TestTokens.Count, new ChunkingOptions()).Chunk(document);

        var caption = Assert.Single(chunks, c => c.Text.Contains("Abbildung 2.2: Rechts ist die Neilsche Parabel", StringComparison.Ordinal));
        Assert.Equal(31, caption.Page);
        Assert.DoesNotContain("2 4 6 8 10 12", caption.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("−100", caption.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("−10", caption.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("3 4 5", caption.Text, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Numbers_of_a_formula_stay_although_they_stand_in_a_column_next_to_fraction_bars()
    {
        var page50 = await PageBlocksAsync(50);

        // The cases of ϕ(t) stack fractions 1/2 and 3/4 in a column above their fraction bars: no plot axis.
        Assert.Contains(page50, b => b.Contains("falls 0 ≤ t < 2 1 3 falls ≤ t < 2 4 3 falls ≤ t ≤ 1 4", StringComparison.Ordinal));
        Assert.Contains(page50, b => b.Contains("2t − 1", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public async Task Latex_samples_in_text_fonts_read_as_before()
    {
        var document = await PdfSamples.ParseAsync("004-pdflatex-4-pages_pdflatex-4-pages.pdf");
        var text = PdfSamples.FullText(document);

        // CMR10 as a Type 1 program: PdfPig already names its glyphs, and nothing here may change that.
        Assert.Contains("“", text, StringComparison.Ordinal);
        Assert.Contains("–", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\", text, StringComparison.Ordinal);
    }

    private static async Task<List<string>> PageBlocksAsync(int page)
    {
        var document = await BookParse.Value;
        return [.. document.Blocks.Where(b => b.Page == page).Select(b => b.Text)];
    }
}
