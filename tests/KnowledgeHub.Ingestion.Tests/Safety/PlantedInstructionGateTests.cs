using KnowledgeHub.Retrieval.Evaluation;
using KnowledgeHub.Ingestion.Safety;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Ingestion.Tests.Safety;

/// <summary>
/// The detector skips a rule when the rule's cheap gate finds nothing, and the Chinese rules when the text has no CJK
/// ideograph. Skipping must never change what is flagged: every rule that flags a text ungated still flags it gated.
/// </summary>
public sealed class PlantedInstructionGateTests
{
    private static readonly string[][] PassageSets =
    [
        PlantedPassages.Injected,
        PlantedPassages.HardNegatives,
        PlantedPassages.Tuning2,
        PlantedPassages.HeldOut,
        PlantedPassages.HeldOutSecond,
        PlantedPassages.OrdinaryLoginProse,
    ];

    [Fact]
    public void Gated_rules_flag_every_test_passage_exactly_as_all_rules_do()
    {
        var passages = PassageSets.SelectMany(p => p).ToList();

        var flagged = AssertSameRules(passages);

        // The passages exercise the rules, not only the gates' "nothing here" answer.
        Assert.True(flagged >= PlantedPassages.Injected.Length * 0.9);
    }

    [SharedDataFact]
    [Trait("Speed", "Slow")]
    public void Gated_rules_flag_scifact_chinese_documents_and_planted_paragraphs_exactly_as_all_rules_do()
    {
        var abstracts = BeirDataset.Load(SharedData.PathTo("datasets", "scifact")).Corpus.Select(d => d.Title + "\n\n" + d.Text).ToList();
        var chinese = Directory.GetFiles(SharedData.PathTo("documents", "zh"))
            .Select(File.ReadAllText)
            .SelectMany(t => t.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Append(t))
            .ToList();
        // Every planted passage inside an ordinary abstract, where a gate could be fooled by the text around it.
        var planted = PassageSets.SelectMany(p => p).Select((p, i) => abstracts[i % abstracts.Count] + " " + p).ToList();

        Assert.NotEmpty(chinese);
        var flagged = AssertSameRules([.. abstracts, .. chinese, .. planted]);

        Assert.True(flagged >= PlantedPassages.Injected.Length * 0.9);
    }

    private static int AssertSameRules(IReadOnlyList<string> texts)
    {
        var flagged = 0;
        foreach (var text in texts)
        {
            var all = PlantedInstructionDetector.FlaggingRules(text, gated: false);
            Assert.True(all.SequenceEqual(PlantedInstructionDetector.FlaggingRules(text, gated: true)), $"Rules [{string.Join(", ", all)}] ungated, gated differ for: {text}");
            flagged += all.Count > 0 ? 1 : 0;
        }

        return flagged;
    }
}
