using KnowledgeHub.TestSupport;
using KnowledgeHub.Retrieval.Embedded;
using static KnowledgeHub.TestSupport.TestChunks;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

public class EmbeddedIndexPersistenceTests
{
    private static readonly SearchRequest[] Requests =
    [
        Keyword("quarterly revenue report"),
        Dense(Unit(0.3f, 0.9f, 0.1f, 0)),
        new("revenue forecast", Unit(1, 0.5f, 0, 0.2f), SearchFilter.ForTenant("t1"), 5, SearchMode.Hybrid),
    ];

    [Fact]
    public async Task A_reopened_folder_returns_identical_results()
    {
        using var folder = new TempFolder();
        List<string> before;
        using (var index = EmbeddedIndex.Open(folder.Path, ModelId, Dimensions))
        {
            await index.UpsertAsync(
            [
                Make("report", 0, "Quarterly revenue report for the board.", Unit(1, 0, 0, 0), page: 1, headingPath: "Finance > Q3"),
                Make("report", 1, "Revenue grew while costs fell.", Unit(0.7f, 0.7f, 0, 0), page: 2),
                Make("forecast", 0, "The forecast expects steady revenue.", Unit(0, 1, 0, 0)),
                Make("memo", 0, "Office move scheduled for spring.", Unit(0, 0, 1, 0)),
            ]);
            await index.UpsertAsync([Make("report", 1, "Revenue grew while costs fell sharply.", Unit(0.6f, 0.8f, 0, 0), page: 2)]);
            await index.DeleteDocumentAsync("t1", "memo");
            before = await DescribeAsync(index);
        }

        using var reopened = EmbeddedIndex.Open(folder.Path, ModelId, Dimensions);

        Assert.Equal(before, await DescribeAsync(reopened));
        Assert.Equal(3, await reopened.CountAsync("t1"));
    }

    [Fact]
    public async Task A_folder_built_by_another_model_or_dimension_is_refused()
    {
        using var folder = new TempFolder();
        using (var index = EmbeddedIndex.Open(folder.Path, "model-a", Dimensions))
        {
            await index.UpsertAsync([Make("doc", 0, "text", Unit(1, 0, 0, 0))]);
        }

        var otherModel = Assert.Throws<InvalidOperationException>(() => EmbeddedIndex.Open(folder.Path, "model-b", Dimensions));
        Assert.Contains("model-a", otherModel.Message, StringComparison.Ordinal);
        Assert.Contains("model-b", otherModel.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => EmbeddedIndex.Open(folder.Path, "model-a", 8));

        using var same = EmbeddedIndex.Open(folder.Path, "model-a", Dimensions);
        Assert.Equal(1, await same.CountAsync("t1"));
    }

    [Fact]
    public void A_folder_held_by_an_open_index_is_reported_as_in_use()
    {
        using var folder = new TempFolder();
        using var first = EmbeddedIndex.Open(folder.Path, ModelId, Dimensions);

        var error = Assert.Throws<InvalidOperationException>(() => EmbeddedIndex.Open(folder.Path, ModelId, Dimensions));

        Assert.Contains("in use by another KnowledgeHub process", error.Message, StringComparison.Ordinal);
    }

    // flock(1) takes the same kind of OS lock .NET uses for FileShare.None, from a separate process.
    [ToolFact("/usr/bin/flock")]
    public void A_folder_locked_by_another_process_is_reported_as_in_use()
    {
        using var folder = new TempFolder();
        EmbeddedIndex.Open(folder.Path, ModelId, Dimensions).Dispose();
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/flock")
        {
            ArgumentList = { Path.Combine(folder.Path, "knowledgehub.lock"), "-c", "echo locked; exec sleep 120" },
            RedirectStandardOutput = true,
        };
        using var holder = System.Diagnostics.Process.Start(start)!;
        try
        {
            Assert.Equal("locked", holder.StandardOutput.ReadLine());

            var error = Assert.Throws<InvalidOperationException>(() => EmbeddedIndex.Open(folder.Path, ModelId, Dimensions));

            Assert.Contains("in use by another KnowledgeHub process", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
    }

    [Fact]
    public async Task An_empty_new_folder_reopens_empty()
    {
        using var folder = new TempFolder();
        EmbeddedIndex.Open(folder.Path, ModelId, Dimensions).Dispose();

        using var reopened = EmbeddedIndex.Open(folder.Path, ModelId, Dimensions);

        Assert.Equal(0, await reopened.CountAsync("t1"));
        Assert.Empty(await reopened.SearchAsync(Keyword("anything")));
    }

    private static async Task<List<string>> DescribeAsync(EmbeddedIndex index)
    {
        var lines = new List<string>();
        foreach (var request in Requests)
        {
            foreach (var hit in await index.SearchAsync(request))
            {
                var c = hit.Chunk;
                lines.Add($"{request.Mode} {c.Id} {hit.Score:R} {c.Tenant} {c.Collection} {c.DocumentId} v{c.Version} {c.FileName} p{c.Page} o{c.Ordinal} [{c.HeadingPath}] {c.Text} [{string.Join(',', c.Vector)}]");
            }
        }

        Assert.NotEmpty(lines);
        return lines;
    }
}
