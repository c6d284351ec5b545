using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>
/// Embeds what an answer is judged with, with the encoder that built the index: the question once (as a query), and
/// sentences in one batch per step. Passage vectors come from the index (<see cref="IndexedChunk.Vector"/>); a passage
/// whose stored vector does not fit the encoder is embedded again. An encoder without a calibration in
/// <see cref="AnswerOptions.Encoders"/> is not called at all: its cosines cannot be read, so answers use keywords only;
/// nor is one that does not understand the question's script (<see cref="EncoderCalibration.UnderstandsCjk"/>).
/// </summary>
public sealed class EvidenceEmbedder(IOptions<AnswerOptions> options, ITextEncoder? encoder = null)
{
    private readonly AnswerOptions settings = options.Value;

    internal EncoderCalibration? Calibration =>
        encoder is not null && settings.Encoders.TryGetValue(encoder.ModelId, out var calibration) ? calibration : null;

    /// <summary>Embeds the question and any passage without a usable stored vector (plus the passage sentences when asked).</summary>
    internal async Task<Evidence> ForQuestionAsync(string question, IReadOnlyList<SearchHit> passages, bool withSentences, CancellationToken cancellationToken)
    {
        if (encoder is null || Calibration is not { } calibration || passages.Count == 0 || (!calibration.UnderstandsCjk && Text.Script.IsMostlyCjk(question)))
        {
            return new Evidence(passages);
        }

        var query = (await encoder.EmbedAsync([question], EmbeddingPurpose.Query, cancellationToken))[0];
        var vectors = new float[]?[passages.Count];
        var missing = new List<int>();
        for (var i = 0; i < passages.Count; i++)
        {
            var stored = passages[i].Chunk.Vector;
            if (stored is { Length: > 0 } && stored.Length == encoder.Dimensions && stored.Any(v => v != 0))
            {
                vectors[i] = stored;
            }
            else
            {
                missing.Add(i);
            }
        }

        var evidence = new Evidence(passages, calibration, query, vectors);
        var texts = missing.Select(i => passages[i].Chunk.Text).ToList();
        if (withSentences)
        {
            texts.AddRange(evidence.AllSentences.Select(s => s.Text));
        }

        var embedded = await EmbedNewAsync(evidence, texts, cancellationToken);
        foreach (var i in missing)
        {
            vectors[i] = embedded[passages[i].Chunk.Text];
        }

        return evidence;
    }

    /// <summary>Embeds, in one batch, the texts the evidence does not hold yet; nothing without embeddings.</summary>
    internal async Task AddAsync(Evidence evidence, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        if (evidence.HasEmbeddings)
        {
            await EmbedNewAsync(evidence, texts, cancellationToken);
        }
    }

    private async Task<Dictionary<string, float[]>> EmbedNewAsync(Evidence evidence, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        var all = texts.Distinct(StringComparer.Ordinal).ToList();
        var fresh = all.Where(t => !evidence.Has(t)).ToList();
        if (fresh.Count > 0)
        {
            var vectors = await encoder!.EmbedAsync(fresh, EmbeddingPurpose.Passage, cancellationToken);
            for (var i = 0; i < fresh.Count; i++)
            {
                evidence.Add(fresh[i], vectors[i]);
            }
        }

        return all.ToDictionary(t => t, t => evidence.Vector(t)!, StringComparer.Ordinal);
    }
}
