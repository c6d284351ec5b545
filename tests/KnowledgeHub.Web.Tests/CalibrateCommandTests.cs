using System.Text.Json;
using KnowledgeHub.Bench;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Orchestration.Grounding;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace KnowledgeHub.Web.Tests;

/// <summary>The shipped MiniLM written out as a model folder once for the calibration tests (each test writes its own calibration file into a copy's place).</summary>
public sealed class CalibrationFolderFixture : IDisposable
{
    public TempFolder Root { get; } = new("kh-calibrate");

    public string Encoder { get; }

    public CalibrationFolderFixture() => Encoder = PlumbingModelFolders.Write(Root.Path, TestModelCache.Folder).Encoder;

    public string CalibrationPath => Path.Combine(Encoder, CalibrationFile.FileName);

    public void Dispose() => Root.Dispose();
}

[Collection(ConsoleVerbs.Name)]
public sealed class CalibrateCommandTests(CalibrationFolderFixture models, ITestOutputHelper output) : IClassFixture<CalibrationFolderFixture>, IDisposable
{
    private readonly TempFolder data = new("kh-calibrate-data");

    [SharedDataFact]
    [Trait("Speed", "Slow")]
    public async Task Calibrate_on_a_SciFact_subset_writes_thresholds_near_the_hand_measured_ones_beside_a_folder_encoder()
    {
        File.Delete(models.CalibrationPath);
        var subset = WriteSciFactSubset(Path.Combine(data.Path, "scifact-subset"), queries: 24, distractors: 60);

        var exit = await CommandLine.RunAsync(
        [
            "calibrate", "--beir", subset, "--questions", "24",
            $"--KnowledgeHub:DataPath={data.Path}", $"--KnowledgeHub:ModelCachePath={TestModelCache.Folder}",
            $"--KnowledgeHub:Encoder:Model={models.Encoder}", "--KnowledgeHub:Retrieval:Rescoring:Rescorer=none",
        ]);

        Assert.Equal(0, exit);
        var file = CalibrationFile.Read(models.CalibrationPath);
        output.WriteLine(File.ReadAllText(models.CalibrationPath));
        await using (var app = Tool())
        {
            Assert.Equal(app.Services.GetRequiredService<ITextEncoder>().ModelId, file.ModelId);
        }

        // The folder holds MiniLM: the derived scales land near those measured by hand on the whole of SciFact.
        var calibration = file.Calibration!;
        var reference = EncoderCalibration.MiniLM;
        Assert.InRange(calibration.MinQuestionSimilarity, reference.MinQuestionSimilarity - 0.12, reference.MinQuestionSimilarity + 0.12);
        Assert.InRange(calibration.TypicalAnswerSimilarity, reference.TypicalAnswerSimilarity - 0.12, reference.TypicalAnswerSimilarity + 0.12);
        Assert.InRange(calibration.UnrelatedSentenceSimilarity, reference.UnrelatedSentenceSimilarity - 0.12, reference.UnrelatedSentenceSimilarity + 0.12);
        Assert.InRange(calibration.SupportingSentenceSimilarity, reference.SupportingSentenceSimilarity - 0.12, reference.SupportingSentenceSimilarity + 0.12);
        Assert.False(calibration.UnderstandsCjk);
        Assert.Equal(24, file.Pairs["en"]);
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public async Task The_gate_reads_the_calibration_file_so_a_stricter_floor_turns_found_into_not_found()
    {
        const string question = "How often does the pump need maintenance?";
        File.Delete(models.CalibrationPath);
        string modelId;
        await using (var app = Tool())
        {
            modelId = app.Services.GetRequiredService<ITextEncoder>().ModelId;
            await app.Services.GetRequiredService<IDocumentStore>().InitializeAsync();
            await TextDocumentIngestion.IngestAsync(
                app.Services, "default", "plant", "pumps.txt",
                "The circulation pump must be serviced every six months by a certified technician. Its seals are replaced at every second service.",
                CancellationToken.None);
        }

        WriteCalibration(models.CalibrationPath, modelId, minQuestion: 0.10, typicalAnswer: 0.40);
        var lenient = await AskAsync(question);
        WriteCalibration(models.CalibrationPath, modelId, minQuestion: 0.90, typicalAnswer: 0.95);
        var strict = await AskAsync(question);

        output.WriteLine($"lenient: {lenient.Found} {lenient.Text}\nstrict: {strict.Found} {strict.Text}");
        Assert.True(lenient.Found);
        Assert.False(strict.Found);
    }

    [Fact]
    public async Task A_calibration_file_in_the_model_cache_replaces_a_built_in_encoders_thresholds()
    {
        var cache = Path.Combine(data.Path, "models");
        WriteCalibration(Path.Combine(cache, "all-MiniLM-L6-v2", CalibrationFile.FileName), "all-MiniLM-L6-v2", minQuestion: 0.21, typicalAnswer: 0.52);

        await using var app = KnowledgeHubApp.CreateTool([$"--KnowledgeHub:DataPath={data.Path}", $"--KnowledgeHub:ModelCachePath={cache}"]);
        var encoders = app.Services.GetRequiredService<IOptions<AnswerOptions>>().Value.Encoders;

        Assert.Equal(0.21, encoders["all-MiniLM-L6-v2"].MinQuestionSimilarity);
        Assert.Equal(0.52, encoders["all-MiniLM-L6-v2"].TypicalAnswerSimilarity);
        // The other shipped encoder has no file: its built-in scale stays.
        Assert.Equal(EncoderCalibration.ArcticXs.MinQuestionSimilarity, encoders["snowflake-arctic-embed-xs"].MinQuestionSimilarity);
    }

    [Theory]
    [InlineData("{ \"modelId\": \"all-MiniLM-L6-v2\", \"calibration\": { \"minQuestionSimilarity\": 0.3, ", "is not valid")]
    [InlineData("{ \"modelId\": \"all-MiniLM-L6-v2\", \"calibration\": { \"minQuestionSimilarity\": 0.7, \"typicalAnswerSimilarity\": 0.6, \"unrelatedSentenceSimilarity\": 0.3, \"supportingSentenceSimilarity\": 0.8 } }", "contradict each other")]
    [InlineData("{ \"modelId\": \"another-model\", \"calibration\": { \"minQuestionSimilarity\": 0.3, \"typicalAnswerSimilarity\": 0.6, \"unrelatedSentenceSimilarity\": 0.3, \"supportingSentenceSimilarity\": 0.8 } }", "was made for the model 'another-model'")]
    [InlineData("{ \"modelId\": \"all-MiniLM-L6-v2\", \"calibration\": { \"minQuestionSimilarity\": 0.3, \"typicalAnswerSimilarity\": 0.6, \"unrelatedSentenceSimilarity\": 0.3, \"supportingSentenceSimilarity\": 0.8, \"gate\": 1 } }", "is not valid")]
    public async Task A_malformed_calibration_file_stops_the_start_naming_the_file(string content, string reason)
    {
        var cache = Path.Combine(data.Path, "models");
        var path = Path.Combine(cache, "all-MiniLM-L6-v2", CalibrationFile.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);

        await using var app = KnowledgeHubApp.CreateServer(
            ["--urls", "http://127.0.0.1:0", $"--KnowledgeHub:DataPath={data.Path}", $"--KnowledgeHub:ModelCachePath={cache}"]);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => app.StartAsync());

        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ask_verb_reports_a_malformed_calibration_file_as_a_configuration_error()
    {
        var cache = Path.Combine(data.Path, "models");
        var path = Path.Combine(cache, "all-MiniLM-L6-v2", CalibrationFile.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "not json");

        var exit = await CommandLine.RunAsync(["ask", "What is it?", $"--KnowledgeHub:DataPath={data.Path}", $"--KnowledgeHub:ModelCachePath={cache}"]);

        Assert.Equal(ExitCodes.Configuration, exit);
    }

    public void Dispose() => data.Dispose();

    private WebApplication Tool(params string[] extra) => KnowledgeHubApp.CreateTool(
    [
        $"--KnowledgeHub:DataPath={data.Path}", $"--KnowledgeHub:ModelCachePath={TestModelCache.Folder}",
        $"--KnowledgeHub:Encoder:Model={models.Encoder}", "--KnowledgeHub:Retrieval:Rescoring:Rescorer=none",
        // Answerability by meaning alone, so the calibrated floor alone decides "found".
        "--KnowledgeHub:Answer:AnswerabilitySimilarityWeight=1", "--KnowledgeHub:Answer:AbsentTermPenalty=0",
        .. extra,
    ]);

    private async Task<Answer> AskAsync(string question)
    {
        await using var app = Tool();
        return await app.Services.GetRequiredService<AnswerService>().AskAsync(new AskRequest(question, "default", "plant"));
    }

    private static void WriteCalibration(string path, string modelId, double minQuestion, double typicalAnswer) =>
        new CalibrationFile
        {
            ModelId = modelId,
            Source = "test",
            Calibration = new EncoderCalibration
            {
                MinQuestionSimilarity = minQuestion,
                TypicalAnswerSimilarity = typicalAnswer,
                UnrelatedSentenceSimilarity = 0.35,
                SupportingSentenceSimilarity = 0.80,
            },
        }.Write(path);

    /// <summary>The first <paramref name="queries"/> SciFact queries with their relevant abstracts and that many other abstracts, in BEIR layout.</summary>
    private static string WriteSciFactSubset(string folder, int queries, int distractors)
    {
        var scifact = BeirDataset.Load(SharedData.PathTo("datasets", "scifact"));
        var kept = scifact.Queries.Take(queries).ToList();
        var relevant = kept.SelectMany(q => scifact.Qrels[q.Id].Keys).ToHashSet(StringComparer.Ordinal);
        var documents = scifact.Corpus.Where(d => relevant.Contains(d.Id)).Concat(scifact.Corpus.Where(d => !relevant.Contains(d.Id)).Take(distractors));
        Directory.CreateDirectory(Path.Combine(folder, "qrels"));
        File.WriteAllLines(Path.Combine(folder, "corpus.jsonl"), documents.Select(d => JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = d.Id, ["title"] = d.Title, ["text"] = d.Text })));
        File.WriteAllLines(Path.Combine(folder, "queries.jsonl"), kept.Select(q => JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = q.Id, ["text"] = q.Text })));
        File.WriteAllLines(
            Path.Combine(folder, "qrels", "test.tsv"),
            ["query-id\tcorpus-id\tscore", .. kept.SelectMany(q => scifact.Qrels[q.Id].Select(j => $"{q.Id}\t{j.Key}\t{j.Value}"))]);
        return folder;
    }
}
