using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.TestSupport;
using static KnowledgeHub.TestSupport.TestChunks;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

public class EmbeddedIndexAccessGroupTests
{
    [Fact]
    public async Task Groups_changed_in_place_survive_reopening_the_folder_in_keyword_and_dense_search()
    {
        using var folder = new TempFolder();
        using (var index = EmbeddedIndex.Open(folder.Path, ModelId, Dimensions))
        {
            await index.UpsertAsync(
            [
                Make("minutes", 0, "Board minutes on the merger.", Unit(1, 0, 0, 0)) with { AccessGroups = ["board"] },
                Make("salaries", 0, "Salary bands for the merger.", Unit(0.9f, 0.1f, 0, 0)) with { AccessGroups = ["hr"] },
                Make("memo", 0, "Office memo about the merger.", Unit(0.8f, 0.2f, 0, 0)),
            ]);
            await index.SetAccessGroupsAsync("t1", "salaries", ["board"]);
        }

        using var reopened = EmbeddedIndex.Open(folder.Path, ModelId, Dimensions);
        var hr = new SearchFilter("t1", AccessGroups: ["hr"]);
        var board = new SearchFilter("t1", AccessGroups: ["board"]);

        Assert.Equal(["memo"], (await reopened.SearchAsync(new SearchRequest("merger", null, hr, 10, SearchMode.Keyword))).Select(h => h.Chunk.DocumentId));
        Assert.Equal(["memo"], (await reopened.SearchAsync(new SearchRequest(string.Empty, Unit(1, 0, 0, 0), hr, 10, SearchMode.Dense))).Select(h => h.Chunk.DocumentId));
        Assert.Equal(
            ["memo", "minutes", "salaries"],
            (await reopened.SearchAsync(new SearchRequest(string.Empty, Unit(1, 0, 0, 0), board, 10, SearchMode.Dense))).Select(h => h.Chunk.DocumentId).Order(StringComparer.Ordinal));
    }
}
