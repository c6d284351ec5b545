using System.Text;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// Deterministic, distinct English documents of one to a few paragraphs (1-3 chunks of 256 tokens each), so a
/// test can ingest many real-looking texts without shipping them. The same seed always yields the same bytes.
/// </summary>
public static class GeneratedCorpus
{
    private static readonly string[] Subjects =
    [
        "The maintenance crew", "Our regional office", "The field engineer", "A junior analyst", "The quality team",
        "The warehouse manager", "Each night shift", "The procurement board", "A visiting auditor", "The support desk",
        "The lab technician", "The harbour pilot", "The city council", "A patient volunteer", "The logistics planner",
    ];

    private static readonly string[] Verbs =
    [
        "inspected", "recalibrated", "documented", "replaced", "reviewed", "approved", "measured", "cleaned",
        "reported", "scheduled", "tested", "archived", "rejected", "repaired", "compared",
    ];

    private static readonly string[] Adjectives =
    [
        "corroded", "spare", "northern", "hydraulic", "refrigerated", "backup", "outdated", "pressurised",
        "temporary", "primary", "damaged", "calibrated", "insulated", "leased", "experimental",
    ];

    private static readonly string[] Objects =
    [
        "pump housing", "conveyor belt", "sensor array", "boiler valve", "fuel ledger", "cooling tower",
        "loading dock", "ventilation duct", "battery bank", "inventory sheet", "water filter", "signal relay",
        "cargo manifest", "generator", "access badge",
    ];

    private static readonly string[] Reasons =
    [
        "before the winter storms arrived", "after the supplier changed its parts", "because the readings drifted",
        "so that the audit could close on time", "while the plant ran at half load", "once the safety review ended",
        "to meet the new insurance terms", "after a customer complaint", "during the spring shutdown",
        "because two alarms fired overnight",
    ];

    private static readonly string[] Topics =
    [
        "pump station", "cold store", "depot", "harbour crane", "water works", "print shop", "bakery line",
        "rail yard", "greenhouse", "data centre", "clinic wing", "ferry terminal",
    ];

    /// <summary>Documents as (file name, UTF-8 bytes); the number in each title makes every document's bytes distinct.</summary>
    public static IReadOnlyList<(string FileName, byte[] Content)> Create(int count, int seed)
    {
        var random = new Random(seed);
        var documents = new List<(string, byte[])>(count);
        for (var i = 0; i < count; i++)
        {
            var topic = Pick(random, Topics);
            var text = new StringBuilder();
            text.Append("Field report ").Append(i + 1).Append(": the ").Append(topic).Append("\n\n");
            var paragraphs = random.Next(1, 5);
            for (var p = 0; p < paragraphs; p++)
            {
                var sentences = random.Next(2, 6);
                for (var s = 0; s < sentences; s++)
                {
                    text.Append(s == 0 ? string.Empty : " ").Append(Sentence(random, topic));
                }

                text.Append("\n\n");
            }

            documents.Add(($"report-{i + 1:D3}.txt", Encoding.UTF8.GetBytes(text.ToString())));
        }

        return documents;
    }

    private static string Sentence(Random random, string topic) =>
        $"{Pick(random, Subjects)} {Pick(random, Verbs)} the {Pick(random, Adjectives)} {Pick(random, Objects)} at the {topic} {Pick(random, Reasons)}, logging {random.Next(2, 950)} units.";

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];
}
