using System.Diagnostics;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Bench;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Rescoring;
using KnowledgeHub.TestSupport;
using Xunit.Abstractions;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// The server with <c>Rescorer=cross-encoder</c> and a real cross-encoder folder: MiniLM's layers with a fixed linear
/// head on the [CLS] state (the graph `bench model-folders` builds). Its head is untrained, so its order is not a better
/// one, but it is its own: the results come back in the order of its logits, which is not the order the same index gives
/// without re-scoring.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class CrossEncoderSearchTests(ITestOutputHelper output) : IDisposable
{
    private const string Query = "How is the pump maintained?";

    private static readonly string[] Documents =
    [
        "The circulation pump is serviced every six months. A certified technician checks its seals and bearings.",
        "Pump maintenance logs are kept in the plant office. Each entry names the technician and the parts replaced.",
        "The cooling tower is cleaned each spring. Its fans are balanced and the basin is drained.",
        "Spare pump seals are stored in cabinet four. Order new ones when fewer than three remain.",
        "A pump that vibrates must be stopped at once and reported to the maintenance team.",
        "The boiler is inspected yearly by the insurer. The inspection report is filed with the permits.",
    ];

    private readonly TempFolder models = new("kh-cross-encoder-web");

    [Fact]
    public async Task Search_and_ask_with_a_cross_encoder_folder_return_passages_in_the_order_of_its_logits()
    {
        var crossEncoder = PlumbingModelFolders.Write(models.Path, TestModelCache.Folder).CrossEncoder;
        var dataPath = KnowledgeHubServer.NewDataPath();
        var searches = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KnowledgeHubTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // The listener hears every server in this process; tests running beside this one search too.
                if (activity.GetTagItem("knowledgehub.search.rescorer") is not null
                    && activity.GetTagItem("knowledgehub.search.collection") is "plant" or "raw")
                {
                    lock (searches)
                    {
                        searches.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        // One server: collection "plant" re-scored by the cross-encoder, collection "raw" (the same notes) not re-scored.
        List<(string ChunkId, string Text)> rescored, fused;
        await using (var server = await KnowledgeHubServer.StartInAsync(
            dataPath,
            "--KnowledgeHub:Retrieval:Rescoring:Rescorer=cross-encoder",
            $"--KnowledgeHub:Retrieval:Rescoring:Model={crossEncoder}",
            "--KnowledgeHub:Retrieval:Rescoring:Depth=10",
            "--KnowledgeHub:Retrieval:Rescoring:Weight=100",
            "--KnowledgeHub:Retrieval:Rescoring:Collections:raw:Rescorer=none"))
        {
            foreach (var collection in (string[])["plant", "raw"])
            {
                for (var i = 0; i < Documents.Length; i++)
                {
                    var upload = await server.UploadAsync($"note{i}.txt", Encoding.UTF8.GetBytes(Documents[i]), collection);
                    Assert.Equal("completed", (await server.WaitForEndAsync(upload.GetProperty("id").GetString()!)).GetProperty("status").GetString());
                }
            }

            fused = Results(await server.PostJsonAsync("/api/search", new { query = Query, top = Documents.Length, collection = "raw" }));
            lock (searches)
            {
                Assert.Empty(searches);
            }

            rescored = Results(await server.PostJsonAsync("/api/search", new { query = Query, top = Documents.Length, collection = "plant" }));
            var answer = await server.PostJsonAsync("/api/ask", new { question = "How often is the circulation pump serviced?", collection = "plant" });
            Assert.True(answer.GetProperty("found").GetBoolean(), answer.ToString());
            Assert.Contains("six months", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        }

        // The cross-encoder itself, on the same (question, passage) pairs: the search returned them best first.
        using var model = OnnxCrossEncoder.Create(crossEncoder, new EncoderOptions());
        var logits = await model.ScoreAsync(Query, [.. rescored.Select(r => r.Text)]);
        output.WriteLine("re-scored:\n" + string.Join("\n", rescored.Select((r, i) => $"{logits[i]:F4} {r.Text}")));
        output.WriteLine("not re-scored:\n" + string.Join("\n", fused.Select(r => r.Text)));
        Assert.Equal(Documents.Length, rescored.Count);
        Assert.Equal([.. logits.OrderByDescending(l => l)], logits);

        // The re-scoring changed the order the index gives, and both the search and the ask's retrieval went through it.
        Assert.Equal(rescored.Select(r => r.Text).Order(StringComparer.Ordinal), fused.Select(r => r.Text).Order(StringComparer.Ordinal));
        Assert.NotEqual(rescored.Select(r => r.Text), fused.Select(r => r.Text));
        lock (searches)
        {
            Assert.True(searches.Count >= 2, $"{searches.Count} re-scored retrievals recorded");
            Assert.All(searches, s => Assert.Equal(nameof(CrossEncoderRescorer), s.GetTagItem("knowledgehub.search.rescorer")));
        }
    }

    public void Dispose() => models.Dispose();

    private static List<(string ChunkId, string Text)> Results(JsonElement response) =>
        [.. response.GetProperty("results").EnumerateArray().Select(r => (
            r.GetProperty("chunkId").GetString()!,
            PassageText.ForEmbedding(r.TryGetProperty("headingPath", out var heading) && heading.ValueKind == JsonValueKind.String ? heading.GetString() : null, r.GetProperty("text").GetString()!)))];
}
