namespace KnowledgeHub.Infra.Qdrant.Tests;

public sealed class Bm25SparseVectorsTests
{
    [Fact]
    public void Term_ids_are_the_fnv1a_hash_of_the_utf8_term_so_they_never_change_between_releases()
    {
        // Stored sparse vectors use these ids: changing the hash would silently break every existing collection.
        Assert.Equal(2469358443u, SparseTerms.TermId("pump"));
        Assert.Equal(4287181985u, SparseTerms.TermId("检索"));
    }

    [Fact]
    public void Indices_are_ascending_and_unique()
    {
        var terms = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "pumps valves seals gaskets bearings pumps")).Body;

        Assert.Equal(terms.Indices.Order(), terms.Indices);
        Assert.Equal(terms.Indices.Length, terms.Indices.Distinct().Count());
        Assert.Equal(terms.Indices.Length, terms.Values.Length);
    }

    [Fact]
    public void A_repeated_term_weighs_more_but_less_than_twice_as_much()
    {
        var terms = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "pump pump valve")).Body;

        var pump = terms.Values[Array.IndexOf(terms.Indices, SparseTerms.TermId("pump"))];
        var valve = terms.Values[Array.IndexOf(terms.Indices, SparseTerms.TermId("valv"))];
        Assert.True(pump > valve);
        Assert.True(pump < 2 * valve);
    }

    [Fact]
    public void A_term_weighs_less_in_a_longer_chunk()
    {
        var shortChunk = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "pump")).Body;
        var longChunk = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "pump " + string.Join(' ', Enumerable.Range(0, 300).Select(i => "word" + i)))).Body;

        var id = SparseTerms.TermId("pump");
        Assert.True(longChunk.Values[Array.IndexOf(longChunk.Indices, id)] < shortChunk.Values[Array.IndexOf(shortChunk.Indices, id)]);
    }

    [Fact]
    public void Heading_terms_go_into_their_own_vector_and_leave_the_body_frequencies_alone()
    {
        var (body, heading) = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "valve", headingPath: "Maintenance valve"));
        var (bodyAlone, noHeading) = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "valve"));

        Assert.Equal(bodyAlone.Indices, body.Indices);
        Assert.Equal(bodyAlone.Values, body.Values);
        Assert.DoesNotContain(SparseTerms.TermId("mainten"), body.Indices);
        Assert.Equal(new[] { SparseTerms.TermId("mainten"), SparseTerms.TermId("valv") }.Order(), heading.Indices);
        Assert.True(noHeading.IsEmpty);
    }

    [Fact]
    public void A_heading_term_weighs_less_in_a_longer_heading_path()
    {
        var shortHeading = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "x", headingPath: "Pumps")).Heading;
        var longHeading = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "x", headingPath: "Pumps > centrifugal impellers and their casing seals > drains and vents")).Heading;

        var id = SparseTerms.TermId("pump");
        Assert.True(longHeading.Values[Array.IndexOf(longHeading.Indices, id)] < shortHeading.Values[Array.IndexOf(shortHeading.Indices, id)]);
    }

    [Fact]
    public void Chinese_text_is_segmented_into_words()
    {
        var terms = Bm25SparseVectors.ForChunk(TestChunks.Make("d", 0, "大语言模型的产品需要检索增强生成。")).Body;

        Assert.Contains(SparseTerms.TermId("检索"), terms.Indices);
        Assert.DoesNotContain(SparseTerms.TermId("大语言模型的产品需要检索增强生成"), terms.Indices);
    }
}
