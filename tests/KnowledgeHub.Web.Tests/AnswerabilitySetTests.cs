using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeHub.Bench;
using KnowledgeHub.TestSupport;
using Xunit.Abstractions;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// "Found" tells answerable questions from unanswerable ones, over HTTP with the product's defaults: questions whose
/// paper (COVID-QA) or abstracts (SciFact) were withheld are not found far more often than questions about ingested
/// ones, which are found and cite their evidence; every answer's sentences lie inside the chunks they cite, numbered
/// in first-use order. The floors are what this build reaches on these samples with a margin, not issue 12's targets
/// (unanswerable not found ≥ 0.75 with answerable found ≥ 0.90), which it misses: docs/benchmarks.md has the full-size
/// `eval-answerability` numbers and why.
/// </summary>
public sealed class AnswerabilitySetTests(AnswerabilityFixture fixture, ITestOutputHelper output) : IClassFixture<AnswerabilityFixture>
{
    [SharedDataFact]
    public async Task CovidQa_questions_about_withheld_papers_are_told_apart_from_questions_about_ingested_ones()
    {
        var result = await AskAllAsync(fixture.CovidQa!);

        Assert.True(result.Found >= 0.90, $"answerable found {result.Found:F3} < 0.90");
        Assert.True(result.InQuote >= 0.45, $"gold answer in a cited quote {result.InQuote:F3} < 0.45");
        Assert.True(result.NotFound >= 0.20, $"unanswerable not found {result.NotFound:F3} < 0.20");
        Assert.True(result.NotFound >= (1 - result.Found) + 0.15, "withheld papers' questions are not found hardly more often than ingested ones'");
    }

    [SharedDataFact]
    public async Task SciFact_claims_about_withheld_abstracts_are_told_apart_from_claims_about_ingested_ones()
    {
        var result = await AskAllAsync(fixture.SciFact!);

        Assert.True(result.Found >= 0.65, $"answerable found {result.Found:F3} < 0.65");
        Assert.True(result.InQuote >= 0.55, $"a relevant abstract cited {result.InQuote:F3} < 0.55");
        Assert.True(result.NotFound >= 0.25, $"unanswerable not found {result.NotFound:F3} < 0.25");
        Assert.True(result.NotFound >= (1 - result.Found) + 0.10, "withheld abstracts' claims are not found hardly more often than ingested ones'");
    }

    private async Task<(double Found, double InQuote, double NotFound)> AskAllAsync(AnswerabilitySet set)
    {
        var collection = AnswerabilityFixture.Collection(set);
        var chunks = new Dictionary<string, string>(StringComparer.Ordinal);
        int found = 0, inQuote = 0, notFound = 0;
        foreach (var question in set.Questions)
        {
            var answer = await fixture.Server.PostJsonAsync("/api/ask", new { question = question.Text, collection });
            var isFound = answer.GetProperty("found").GetBoolean();
            var text = answer.GetProperty("answer").GetString()!;
            var citations = answer.GetProperty("citations").EnumerateArray().ToList();
            var sentenceCitations = answer.GetProperty("sentences").EnumerateArray()
                .Where(s => s.GetProperty("kept").GetBoolean())
                .Select(s => s.GetProperty("citations").EnumerateArray().Select(n => n.GetInt32()));
            Assert.True(CitationOrder.IsFirstUse(sentenceCitations), $"citations not in first-use order: {text}");
            Assert.InRange(answer.GetProperty("answerability").GetDouble(), 0.0, 1.0);
            await AssertSentencesInsideCitedChunksAsync(answer, citations, chunks);
            if (!isFound)
            {
                Assert.Empty(citations);
                Assert.False(answer.GetProperty("grounded").GetBoolean());
            }

            if (question.Answerable)
            {
                found += isFound ? 1 : 0;
                var quoted = question.Golds.Count > 0
                    ? citations.Exists(c => AnswerMatching.ContainsAny(AnswerMatching.Normalize(c.GetProperty("quote").GetString()!), question.Golds))
                    : citations.Exists(c => question.Sources.Contains(c.GetProperty("fileName").GetString()!));
                inQuote += isFound && quoted ? 1 : 0;
            }
            else
            {
                notFound += isFound ? 0 : 1;
            }
        }

        var answerable = set.Answerable.Count();
        var unanswerable = set.Unanswerable.Count();
        var result = (found / (double)answerable, inQuote / (double)answerable, notFound / (double)unanswerable);
        output.WriteLine(
            $"{set.Name}: {set.Documents.Count} documents; answerable {answerable}: found {result.Item1:F3}, evidence in a cited quote {result.Item2:F3}; " +
            $"unanswerable {unanswerable}: not found {result.Item3:F3}");
        return result;
    }

    /// <summary>Every kept sentence stands inside the text of a chunk it cites, as <c>GET /api/chunks/{id}</c> returns it.</summary>
    private async Task AssertSentencesInsideCitedChunksAsync(JsonElement answer, List<JsonElement> citations, Dictionary<string, string> chunks)
    {
        foreach (var sentence in answer.GetProperty("sentences").EnumerateArray().Where(s => s.GetProperty("kept").GetBoolean()))
        {
            var text = sentence.GetProperty("text").GetString()!;
            var numbers = sentence.GetProperty("citations").EnumerateArray().Select(n => n.GetInt32()).ToHashSet();
            var inside = false;
            foreach (var citation in citations.Where(c => numbers.Contains(c.GetProperty("number").GetInt32())))
            {
                var id = citation.GetProperty("chunkId").GetString()!;
                if (!chunks.TryGetValue(id, out var chunkText))
                {
                    var chunk = await fixture.Server.Client.GetFromJsonAsync<JsonElement>($"/api/chunks/{Uri.EscapeDataString(id)}");
                    chunkText = chunks[id] = chunk.GetProperty("text").GetString()!;
                }

                inside |= chunkText.Contains(text, StringComparison.Ordinal);
            }

            Assert.True(inside, $"sentence not inside a chunk it cites: {text}");
        }
    }
}
