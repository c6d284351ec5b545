namespace KnowledgeHub.Infra.Qdrant.Tests;

/// <summary>Term ids for request-building tests: each term's first candidate slot, as an empty term table assigns it.</summary>
internal static class TestTerms
{
    public static uint? Id(string term) => QdrantTermDictionary.Slot(term, 0);

    public static uint Of(string term) => QdrantTermDictionary.Slot(term, 0);
}
