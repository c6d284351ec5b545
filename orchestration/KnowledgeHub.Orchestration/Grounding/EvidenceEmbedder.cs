using KnowledgeHub.Orchestration.Text;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Options;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>
/// Embeds what an answer is judged with, with the encoder that built the index: the question once (as a query, or the
/// vector retrieval already computed), and sentences in one batch per step. Passage vectors come from the index
/// (<see cref="IndexedChunk.Vector"/>); a passage whose stored vector does not fit the encoder is embedded again.
/// Passage sentences are embedded once per chunk and kept in a bounded cache (<see cref="AnswerOptions.SentenceCacheChunks"/>).
/// An encoder without a calibration in <see cref="AnswerOptions.Encoders"/> is not called at all: its cosines cannot be
/// read, so answers use keywords only; nor is one that does not understand the question's script
/// (<see cref="EncoderCalibration.For"/>).
/// </summary>
public sealed class EvidenceEmbedder(IOptions<AnswerOptions> options, ITextEncoder? encoder = null)
{
    private readonly AnswerOptions settings = options.Value;
    private readonly SentenceVectorCache sentenceCache = new(options.Value.SentenceCacheChunks);

    internal EncoderCalibration? Calibration =>
        encoder is not null && settings.Encoders.TryGetValue(encoder.ModelId, out var calibration) ? calibration : null;

    internal SentenceVectorCache SentenceCache => sentenceCache;

    /// <summary>Embeds the question and any passage without a usable stored vector (plus the passage sentences when asked).</summary>
    /// <param name="questionVector">The question's query embedding by this encoder when the caller has it already (retrieval does).</param>
    internal async Task<Evidence> ForQuestionAsync(
        string question,
        IReadOnlyList<SearchHit> passages,
        bool withSentences,
        CancellationToken cancellationToken,
        float[]? questionVector = null)
    {
        if (encoder is null || Calibration?.For(question) is null || passages.Count == 0)
        {
            return new Evidence(passages);
        }

        var query = questionVector is { Length: > 0 } given && given.Length == encoder.Dimensions
            ? given
            : (await encoder.EmbedAsync([question], EmbeddingPurpose.Query, cancellationToken))[0];
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

        var evidence = new Evidence(passages, Calibration, query, vectors);
        var texts = missing.Select(i => passages[i].Chunk.Text).ToList();
        if (withSentences)
        {
            await AddSentencesAsync(evidence, texts, cancellationToken);
        }
        else
        {
            await EmbedNewAsync(evidence, texts, cancellationToken);
        }

        foreach (var i in missing)
        {
            vectors[i] = evidence.Vector(passages[i].Chunk.Text);
        }

        return evidence;
    }

    /// <summary>
    /// Gives the evidence the embeddings of every passage sentence (from the cache where it can) and of
    /// <paramref name="texts"/>, in one encoder batch; nothing without embeddings.
    /// </summary>
    internal async Task AddSentencesAsync(Evidence evidence, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        if (!evidence.HasEmbeddings)
        {
            return;
        }

        var model = encoder!.ModelId;
        var uncached = new List<int>();
        for (var i = 0; i < evidence.Sentences.Count; i++)
        {
            var sentences = evidence.Sentences[i];
            if (sentences.Count > 0 && sentenceCache.Get(model, evidence.Passages[i].Chunk.Id) is { } cached && cached.Length == sentences.Count)
            {
                for (var s = 0; s < sentences.Count; s++)
                {
                    evidence.Add(sentences[s].Text, cached[s]);
                }
            }
            else
            {
                uncached.Add(i);
            }
        }

        await EmbedNewAsync(evidence, uncached.SelectMany(i => evidence.Sentences[i].Select(s => s.Text)).Concat(texts), cancellationToken);
        foreach (var i in uncached)
        {
            var sentences = evidence.Sentences[i];
            if (sentences.Count > 0)
            {
                sentenceCache.Put(model, evidence.Passages[i].Chunk.Id, [.. sentences.Select(s => evidence.Vector(s.Text)!)]);
            }
        }
    }

    /// <summary>Embeds, in one batch, the texts the evidence does not hold yet; nothing without embeddings.</summary>
    internal async Task AddAsync(Evidence evidence, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        if (evidence.HasEmbeddings)
        {
            await EmbedNewAsync(evidence, texts, cancellationToken);
        }
    }

    private async Task EmbedNewAsync(Evidence evidence, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        var fresh = texts.Distinct(StringComparer.Ordinal).Where(t => !evidence.Has(t)).ToList();
        if (fresh.Count > 0)
        {
            var vectors = await encoder!.EmbedAsync(fresh, EmbeddingPurpose.Passage, cancellationToken);
            for (var i = 0; i < fresh.Count; i++)
            {
                evidence.Add(fresh[i], vectors[i]);
            }
        }
    }
}
