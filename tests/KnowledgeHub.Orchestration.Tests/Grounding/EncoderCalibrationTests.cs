using System.Numerics.Tensors;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Orchestration.Grounding;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Xunit.Abstractions;

namespace KnowledgeHub.Orchestration.Tests.Grounding;

/// <summary>
/// Holds the default calibrations to real data: SciFact claims against an abstract judged relevant and against a random
/// one, with the real encoders. A sample of the claims keeps it to seconds.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class EncoderCalibrationTests(ITestOutputHelper output)
{
    private const int Claims = 50;

    [SharedDataTheory]
    [InlineData("all-MiniLM-L6-v2")]
    [InlineData("snowflake-arctic-embed-xs")]
    public async Task The_default_calibration_separates_relevant_from_random_abstracts_on_SciFact(string model)
    {
        using var encoder = OnnxTextEncoder.Create(new EncoderOptions { Model = model }, TestModelCache.Folder);
        var settings = new AnswerOptions();
        var calibration = settings.Encoders[model];
        var (claims, relevant, random) = Sample();

        var queries = await encoder.EmbedAsync(claims, EmbeddingPurpose.Query);
        var relevantVectors = await encoder.EmbedAsync(relevant, EmbeddingPurpose.Passage);
        var randomVectors = await encoder.EmbedAsync(random, EmbeddingPurpose.Passage);
        var relevantPass = Share(claims.Count, i => TensorPrimitives.Dot(queries[i], relevantVectors[i]) >= calibration.MinQuestionSimilarity);
        var randomPass = Share(claims.Count, i => TensorPrimitives.Dot(queries[i], randomVectors[i]) >= calibration.MinQuestionSimilarity);

        // Passages 1..n are the relevant abstracts, n+1..2n the random ones; every sentence is embedded in one batch.
        var passages = relevant.Concat(random)
            .Select((text, i) => new SearchHit(TestDoubles.Passages.Chunk($"abstract{i}", text) with { Vector = i < claims.Count ? relevantVectors[i] : randomVectors[i - claims.Count] }, 1))
            .ToList();
        var embedder = new EvidenceEmbedder(Microsoft.Extensions.Options.Options.Create(settings), encoder);
        var evidence = await embedder.ForQuestionAsync(claims[0], passages, withSentences: true, CancellationToken.None);
        await embedder.AddAsync(evidence, claims, CancellationToken.None);
        var scorer = new SupportScorer(evidence, settings.KeywordSupportWeight);
        var relevantSupported = Enumerable.Range(0, claims.Count).Count(i => scorer.Best(claims[i], i + 1).Score >= settings.MinSentenceSupport);
        var randomSupported = Enumerable.Range(0, claims.Count).Count(i => scorer.Best(claims[i], claims.Count + i + 1).Score >= settings.MinSentenceSupport);

        output.WriteLine($"{model}: gate passes {relevantPass:P0} relevant, {randomPass:P0} random; claims supported by {relevantSupported}/{claims.Count} relevant, {randomSupported}/{claims.Count} random abstracts");
        Assert.True(relevantPass >= 0.85, $"The gate passes only {relevantPass:P0} of relevant abstracts.");

        // Random SciFact abstracts share the claims' biomedical field, so a few pass; off-topic questions are tested apart.
        Assert.True(randomPass <= 0.15, $"The gate passes {randomPass:P0} of random abstracts.");
        Assert.True(randomSupported <= claims.Count / 20, $"{randomSupported} claims count as supported by a random abstract.");
        Assert.True(relevantSupported > claims.Count / 4, $"Only {relevantSupported} claims count as supported by their relevant abstract.");
    }

    private static (List<string> Claims, List<string> Relevant, List<string> Random) Sample()
    {
        var data = BeirDataset.Load(SharedData.PathTo("datasets", "scifact"));
        var byId = data.Corpus.ToDictionary(d => d.Id);
        var random = new Random(42);
        var step = data.Queries.Count / Claims;
        var (claims, relevant, unrelated) = (new List<string>(), new List<string>(), new List<string>());
        foreach (var query in data.Queries.Where((_, i) => i % step == 0).Take(Claims))
        {
            var judged = data.Qrels[query.Id];
            BeirDocument other;
            do
            {
                other = data.Corpus[random.Next(data.Corpus.Count)];
            }
            while (judged.ContainsKey(other.Id));

            claims.Add(query.Text);
            relevant.Add(byId[judged.First(j => j.Value > 0).Key].FullText);
            unrelated.Add(other.FullText);
        }

        return (claims, relevant, unrelated);
    }

    private static double Share(int count, Func<int, bool> predicate) => Enumerable.Range(0, count).Count(predicate) / (double)count;
}
