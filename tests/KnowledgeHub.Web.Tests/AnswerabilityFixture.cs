using System.Text;
using KnowledgeHub.Bench;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// One server holding the two constructed answerability sets, each uploaded over HTTP into its own collection:
/// COVID-QA with every second paper withheld, and SciFact with the unanswerable claims' abstracts withheld (the
/// answerable claims' abstracts plus <see cref="SciFactDistractors"/> others: the benchmark uses the whole corpus).
/// </summary>
public sealed class AnswerabilityFixture : IAsyncLifetime
{
    public const int PerSide = 60;
    public const int SciFactDistractors = 300;

    private KnowledgeHubServer? server;

    public KnowledgeHubServer Server => server ?? throw new InvalidOperationException("The fixture did not start.");

    public AnswerabilitySet? CovidQa { get; private set; }

    public AnswerabilitySet? SciFact { get; private set; }

    public async Task InitializeAsync()
    {
        if (SharedData.RootOrNull is null)
        {
            return; // every test here is a [SharedDataFact] and is skipped (or fails on CI)
        }

        // Hundreds of uploads and asks from one key: the per-key rate limits would refuse them within the minute.
        server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:RateLimits:Upload:PermitLimit=0", "--KnowledgeHub:RateLimits:Ask:PermitLimit=0");
        CovidQa = AnswerabilitySet.FromSquad(SquadDataset.Load(SharedData.PathTo("datasets", "covidqa", "200423_covidQA.json")), PerSide);
        SciFact = AnswerabilitySet.FromBeir(BeirDataset.Load(SharedData.PathTo("datasets", "scifact")), PerSide, SciFactDistractors);
        await UploadAsync(CovidQa);
        await UploadAsync(SciFact);
    }

    public static string Collection(AnswerabilitySet set) => $"answerability-{set.Name}";

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private async Task UploadAsync(AnswerabilitySet set)
    {
        var ids = new List<string>();
        foreach (var document in set.Documents)
        {
            var upload = await Server.UploadAsync(document.FileName, Encoding.UTF8.GetBytes(document.Text), Collection(set));
            ids.Add(upload.GetProperty("id").GetString()!);
        }

        foreach (var id in ids)
        {
            var done = await Server.WaitForEndAsync(id, TimeSpan.FromMinutes(20));
            Assert.Equal("completed", done.GetProperty("status").GetString());
        }
    }
}
