using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>The shared embedding batcher with the real ONNX encoder: batched vectors equal lone ones, and a poisoned text fails only its document.</summary>
public sealed class EmbeddingBatcherTests : IDisposable
{
    private const string Poison = "this text makes the encoder throw";

    private readonly TempFolder folder = new("kh-batcher");
    private readonly OnnxTextEncoder onnx;

    public EmbeddingBatcherTests()
    {
        onnx = OnnxTextEncoder.Create(new EncoderOptions(), folder.File("models"));
    }

    [Fact]
    public async Task Texts_batched_with_other_documents_texts_of_other_lengths_get_the_vectors_they_get_alone()
    {
        string[] texts =
        [
            "Pumps.",
            "Gate valves isolate a line section for maintenance.",
            "Centrifugal pumps need mechanical seals; check them weekly, and replace them when the drip rate exceeds ten drops a minute or the shaft shows scoring.",
            "Boiler feed water is treated against scale.",
            string.Join(' ', Enumerable.Repeat("The relief valve opens at the set pressure and closes again below it.", 12)),
            "烧水泵需要定期检查。",
            "Refunds are paid within 14 days.",
            "Shipping is free above 50 euros, except for oversized parcels and deliveries to islands.",
        ];
        var alone = new List<float[]>();
        foreach (var text in texts)
        {
            alone.Add((await onnx.EmbedAsync([text], EmbeddingPurpose.Passage))[0]);
        }

        var recorder = new CallRecorder(onnx);
        await using var batcher = Batcher(recorder, batchSize: 8);

        // Each text is a document of its own, all asking at once: they share encoder calls.
        var batched = await Task.WhenAll(texts.Select(t => batcher.EmbedAsync([t], CancellationToken.None)));

        Assert.Contains(recorder.Calls, c => c.Count > 1);
        for (var i = 0; i < texts.Length; i++)
        {
            var cosine = Cosine(alone[i], batched[i][0]);
            Assert.True(cosine >= 0.99999, $"text {i}: cosine {cosine}");
        }
    }

    [Fact]
    public async Task A_poisoned_text_fails_only_its_document_while_the_20_documents_batched_with_it_complete()
    {
        var encoder = new PoisonableEncoder(onnx);
        await using var batcher = Batcher(encoder, batchSize: 64);

        // The first documents hold every call the batcher keeps under way, so that the others wait together and share
        // the next calls.
        var first = await HoldEveryCallAsync(batcher, encoder);
        var documents = Enumerable.Range(1, 20)
            .Select(d => Enumerable.Range(0, 1 + (d % 3)).Select(c => $"Document {d}, chunk {c}: {new string('x', d * 7)} valves and pumps.").ToArray())
            .ToList();
        var good = documents.Select(texts => batcher.EmbedAsync(texts, CancellationToken.None)).ToList();
        var poisoned = batcher.EmbedAsync(["A healthy chunk of the poisoned document.", Poison], CancellationToken.None);
        encoder.Release();

        await Assert.ThrowsAsync<InvalidOperationException>(() => poisoned);
        await Task.WhenAll(first);
        var vectors = await Task.WhenAll(good);

        Assert.Equal(20, vectors.Length);
        Assert.All(vectors.Zip(documents), pair => Assert.Equal(pair.Second.Length, pair.First.Length));
        Assert.All(vectors.SelectMany(v => v), v => Assert.Equal(onnx.Dimensions, v.Length));
        // The poisoned text shared one call with all 20 documents' texts; that call failed and was split up.
        Assert.Contains(encoder.Failed, c => c == documents.Sum(d => d.Length) + 2);
        var expected = (await onnx.EmbedAsync([documents[4][0]], EmbeddingPurpose.Passage))[0];
        Assert.True(Cosine(expected, vectors[4][0]) >= 0.99999);
    }

    [Fact]
    public async Task A_stopped_document_withdraws_its_waiting_texts_and_the_others_are_still_embedded()
    {
        var recorder = new CallRecorder(onnx);
        var encoder = new PoisonableEncoder(recorder);
        await using var batcher = Batcher(encoder, batchSize: 64);
        var first = await HoldEveryCallAsync(batcher, encoder);

        using var deleted = new CancellationTokenSource();
        var stopped = batcher.EmbedAsync(["A chunk of the deleted document.", "Another chunk of the deleted document."], deleted.Token);
        var kept = batcher.EmbedAsync(["A chunk of the document that stays."], CancellationToken.None);
        await deleted.CancelAsync();
        encoder.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopped);
        await Task.WhenAll(first);
        Assert.Single(await kept);
        Assert.DoesNotContain(recorder.Calls.SelectMany(c => c), t => t.Contains("deleted document", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_next_encoder_call_starts_while_the_one_before_it_is_still_running()
    {
        var encoder = new PoisonableEncoder(onnx);
        await using var batcher = Batcher(encoder, batchSize: 64);

        var running = batcher.EmbedAsync(["The first document holds its call."], CancellationToken.None);
        Assert.True(await encoder.EnteredCalls.WaitAsync(TimeSpan.FromMinutes(1)));
        var next = batcher.EmbedAsync(["The second document does not wait for the first call to end."], CancellationToken.None);
        var nextStarted = await encoder.EnteredCalls.WaitAsync(TimeSpan.FromMinutes(1));
        var firstStillRunning = !running.IsCompleted;
        encoder.Release();

        Assert.True(nextStarted);
        Assert.True(firstStillRunning);
        Assert.Single(await running);
        Assert.Single(await next);
    }

    public void Dispose()
    {
        onnx.Dispose();
        folder.Dispose();
    }

    /// <summary>Starts one held document per call the batcher keeps under way, each in its own call, and waits until all are in the encoder.</summary>
    private static async Task<Task<float[][]>[]> HoldEveryCallAsync(EmbeddingBatcher batcher, PoisonableEncoder encoder)
    {
        var held = new Task<float[][]>[EmbeddingBatcher.CallsInFlight];
        for (var i = 0; i < held.Length; i++)
        {
            held[i] = batcher.EmbedAsync([$"Held document {i} keeps the encoder busy."], CancellationToken.None);
            Assert.True(await encoder.EnteredCalls.WaitAsync(TimeSpan.FromMinutes(1)));
        }

        return held;
    }

    private static EmbeddingBatcher Batcher(ITextEncoder encoder, int batchSize) =>
        new(encoder, Options.Create(new IngestionOptions { EmbedBatchSize = batchSize, EmbedBatchWait = TimeSpan.Zero }), TimeProvider.System, NullLogger<EmbeddingBatcher>.Instance);

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    /// <summary>The real encoder, recording the texts of each call.</summary>
    private sealed class CallRecorder(ITextEncoder inner) : ITextEncoder
    {
        public List<IReadOnlyList<string>> Calls { get; } = [];

        public string ModelId => inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public int MaxTokens => inner.MaxTokens;

        public int CountTokens(string text) => inner.CountTokens(text);

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
        {
            lock (Calls)
            {
                Calls.Add([.. texts]);
            }

            return inner.EmbedAsync(texts, purpose, cancellationToken);
        }
    }

    /// <summary>The real encoder, except that its first call waits to be released and any call holding the poison throws.</summary>
    private sealed class PoisonableEncoder(ITextEncoder inner) : ITextEncoder
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Released once for every call that reaches the encoder.</summary>
        public SemaphoreSlim EnteredCalls { get; } = new(0);

        /// <summary>Sizes of the calls that threw.</summary>
        public List<int> Failed { get; } = [];

        public string ModelId => inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public int MaxTokens => inner.MaxTokens;

        public int CountTokens(string text) => inner.CountTokens(text);

        public void Release() => released.TrySetResult();

        public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
        {
            EnteredCalls.Release();
            await released.Task.WaitAsync(cancellationToken);
            if (texts.Contains(Poison))
            {
                lock (Failed)
                {
                    Failed.Add(texts.Count);
                }

                throw new InvalidOperationException("The encoder cannot embed this text.");
            }

            return await inner.EmbedAsync(texts, purpose, cancellationToken);
        }
    }
}
