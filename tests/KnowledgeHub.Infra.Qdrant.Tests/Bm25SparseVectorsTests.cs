using KnowledgeHub.TestSupport;
namespace KnowledgeHub.Infra.Qdrant.Tests;

public sealed class Bm25SparseVectorsTests
{
    [Fact]
    public void Indices_are_ascending_and_unique()
    {
        var terms = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "pumps valves seals gaskets bearings pumps"), TestTerms.Id).Body;

        Assert.Equal(terms.Indices.Order(), terms.Indices);
        Assert.Equal(terms.Indices.Length, terms.Indices.Distinct().Count());
        Assert.Equal(terms.Indices.Length, terms.Values.Length);
    }

    [Fact]
    public void A_repeated_term_weighs_more_but_less_than_twice_as_much()
    {
        var terms = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "pump pump valve"), TestTerms.Id).Body;

        var pump = terms.Values[Array.IndexOf(terms.Indices, TestTerms.Of("pump"))];
        var valve = terms.Values[Array.IndexOf(terms.Indices, TestTerms.Of("valv"))];
        Assert.True(pump > valve);
        Assert.True(pump < 2 * valve);
    }

    [Fact]
    public void A_term_weighs_less_in_a_longer_chunk()
    {
        var shortChunk = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "pump"), TestTerms.Id).Body;
        var longChunk = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "pump " + string.Join(' ', Enumerable.Range(0, 300).Select(i => "word" + i))), TestTerms.Id).Body;

        var id = TestTerms.Of("pump");
        Assert.True(longChunk.Values[Array.IndexOf(longChunk.Indices, id)] < shortChunk.Values[Array.IndexOf(shortChunk.Indices, id)]);
    }

    [Fact]
    public void Heading_terms_go_into_their_own_vector_and_leave_the_body_frequencies_alone()
    {
        var (body, heading) = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "valve", headingPath: "Maintenance valve"), TestTerms.Id);
        var (bodyAlone, noHeading) = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "valve"), TestTerms.Id);

        Assert.Equal(bodyAlone.Indices, body.Indices);
        Assert.Equal(bodyAlone.Values, body.Values);
        Assert.DoesNotContain(TestTerms.Of("mainten"), body.Indices);
        Assert.Equal(new[] { TestTerms.Of("mainten"), TestTerms.Of("valv") }.Order(), heading.Indices);
        Assert.True(noHeading.IsEmpty);
    }

    [Fact]
    public void A_heading_term_weighs_less_in_a_longer_heading_path()
    {
        var shortHeading = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "x", headingPath: "Pumps"), TestTerms.Id).Heading;
        var longHeading = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "x", headingPath: "Pumps > centrifugal impellers and their casing seals > drains and vents"), TestTerms.Id).Heading;

        var id = TestTerms.Of("pump");
        Assert.True(longHeading.Values[Array.IndexOf(longHeading.Indices, id)] < shortHeading.Values[Array.IndexOf(shortHeading.Indices, id)]);
    }

    [Fact]
    public void Chinese_text_is_segmented_into_words()
    {
        var terms = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "大语言模型的产品需要检索增强生成。"), TestTerms.Id).Body;

        Assert.Contains(TestTerms.Of("检索"), terms.Indices);
        Assert.DoesNotContain(TestTerms.Of("大语言模型的产品需要检索增强生成"), terms.Indices);
    }
}
