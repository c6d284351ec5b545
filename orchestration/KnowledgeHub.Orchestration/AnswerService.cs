using System.Runtime.CompilerServices;
using System.Text;
using KnowledgeHub.Orchestration.Citations;
using KnowledgeHub.Orchestration.Grounding;
using KnowledgeHub.Orchestration.Prompts;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace KnowledgeHub.Orchestration;

/// <summary>
/// Answers a question from the tenant's documents: retrieve passages, then either let the decoder write an answer
/// through the versioned prompt (Semantic Kernel) and map its [n] markers to citations, or, without a decoder,
/// quote the best sentences extractively. Nothing retrieved means "not found"
/// without calling the decoder, and so do passages that come near the question without answering it
/// (<see cref="AnswerabilityJudge"/>): the answer then names them as related. A decoder's sentences are then verified
/// against their passages (<see cref="SentenceVerifier"/>); an extractive answer is quoted verbatim and needs no
/// correction. Citations are numbered in the order the text first uses them.
/// Deltas stream as the decoder writes them; verification needs the whole answer, so a sentence it drops has already
/// been streamed: the final <see cref="Answer.Text"/> is the verified answer, and readers should show it in place of the deltas.
/// </summary>
public sealed class AnswerService(
    HybridRetriever retriever,
    PromptLibrary prompts,
    ExtractiveAnswerer extractive,
    CitationMapper citations,
    EvidenceEmbedder embedder,
    SentenceVerifier verifier,
    IOptions<AnswerOptions> options,
    TimeProvider time,
    ILogger<AnswerService> logger,
    IChatClient? chatClient = null,
    AnswerMetrics? metrics = null,
    IDecoderWindow? window = null)
{
    // Tokens kept free beyond the rendered template: the decoder's chat formatting and each passage's "[n] file" line.
    private const int PromptMargin = 32;
    private const int PassageHeaderTokens = 16;

    public const string ExtractiveGenerator = "extractive";

    private readonly AnswerOptions settings = options.Value;

    /// <summary>True when a decoder is configured; answers are extractive otherwise.</summary>
    public bool UsesDecoder => chatClient is not null;

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken = default)
    {
        await foreach (var update in AskStreamingAsync(request, cancellationToken))
        {
            if (update.Final is { } answer)
            {
                return answer;
            }
        }

        throw new InvalidOperationException("The answer stream ended without a final answer.");
    }

    /// <summary>
    /// Retrieves as an extractive answer does and judges whether the passages answer the question, without answering:
    /// the signals behind <see cref="Answer.Answerability"/>, for calibrating the threshold (`eval-answerability`).
    /// </summary>
    public async Task<AnswerabilityReport> JudgeAsync(AskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var questionVector = await retriever.EmbedQueryAsync(request.Question, cancellationToken);
        var passages = await RetrieveAsync(request, questionVector, cancellationToken);
        var evidence = await embedder.ForQuestionAsync(request.Question, passages, withSentences: true, cancellationToken, questionVector);
        return await JudgeAsync(request, evidence, cancellationToken);
    }

    /// <summary>Streams text deltas, then one update whose <see cref="AnswerUpdate.Final"/> holds the whole answer.</summary>
    public async IAsyncEnumerable<AnswerUpdate> AskStreamingAsync(AskRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Question);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Tenant);

        var started = time.GetTimestamp();

        // Embedded once: retrieval and the answerability judge both need the question's query vector.
        var questionVector = await retriever.EmbedQueryAsync(request.Question, cancellationToken);
        var passages = await RetrieveAsync(request, questionVector, cancellationToken);
        var retrievalMs = time.GetElapsedTime(started).TotalMilliseconds;
        AnswerLog.Retrieved(logger, passages.Count, request.Tenant, retrievalMs);

        IAsyncEnumerable<AnswerUpdate> updates;
        if (passages.Count == 0)
        {
            AnswerLog.NothingRetrieved(logger, request.Tenant);
            updates = Extractive(AnswerTexts.NotFoundAnswer, AnswerabilityReport.Nothing, retrievalMs, generationMs: 0);
        }
        else if (chatClient is null)
        {
            var extracting = time.GetTimestamp();
            var evidence = await embedder.ForQuestionAsync(request.Question, passages, withSentences: true, cancellationToken, questionVector);
            var answerability = await JudgeAsync(request, evidence, cancellationToken);
            GroundedText grounded;
            if (answerability.Score < settings.MinAnswerability)
            {
                grounded = NotAnswered(answerability, evidence);
            }
            else
            {
                // Quoted verbatim and numbered as it is written: nothing for the verifier to correct. No sentence close
                // enough to quote is "not found" too, with the near passages as related.
                grounded = extractive.Answer(request.Question, evidence);
                if (!grounded.Found)
                {
                    grounded = NotAnswered(answerability, evidence);
                }
            }

            updates = Extractive(grounded, answerability, retrievalMs, time.GetElapsedTime(extracting).TotalMilliseconds);
        }
        else
        {
            // The passages the decoder is shown are the numbered list its [n] markers refer to; the section text
            // around them is context only, so citations and verification stay on the matched chunks. Answerability is
            // judged on exactly those passages, before the decoder spends a token.
            var budget = await PassageBudgetAsync(request, cancellationToken);
            var shown = FitToBudget(passages, budget);
            var evidence = await embedder.ForQuestionAsync(request.Question, shown, withSentences: true, cancellationToken, questionVector);
            var answerability = await JudgeAsync(request, evidence, cancellationToken);
            if (answerability.Score >= settings.MinAnswerability)
            {
                var contexts = await SectionContexts.BuildAsync(
                    retriever,
                    shown,
                    settings.SectionContextChunks,
                    budget - shown.Sum(PassageTokens),
                    CountTokens,
                    cancellationToken);
                updates = GenerateAsync(chatClient, request, evidence, answerability, contexts, retrievalMs, cancellationToken);
            }
            else
            {
                updates = Extractive(NotAnswered(answerability, evidence), answerability, retrievalMs, generationMs: 0);
            }
        }

        await foreach (var update in updates)
        {
            if (update.Final is { } answer)
            {
                AnswerLog.Answered(logger, answer.Generator, answer.PromptVersion, answer.Found, answer.Citations.Count, answer.Usage.GenerationMs);
                metrics?.Answered(answer, time.GetElapsedTime(started));
            }

            yield return update;
        }
    }

    private Task<AnswerabilityReport> JudgeAsync(AskRequest request, Evidence evidence, CancellationToken cancellationToken)
    {
        var filter = request.SearchFilter;
        return AnswerabilityJudge.JudgeAsync(request.Question, evidence, settings, InCollectionAsync, cancellationToken);

        // One keyword hit anywhere in what the question searches is enough to say the collection mentions the word.
        async Task<bool> InCollectionAsync(string word, CancellationToken token) =>
            (await retriever.SearchAsync(word, filter, 1, SearchMode.Keyword, token)).Count > 0;
    }

    private async Task<IReadOnlyList<SearchHit>> RetrieveAsync(AskRequest request, float[] questionVector, CancellationToken cancellationToken)
    {
        var passages = await retriever.SearchAsync(
            request.Question,
            request.SearchFilter,
            SuspiciousPassages.ToRetrieve(settings),
            SearchMode.Hybrid,
            questionVector,
            cancellationToken);
        return SuspiciousPassages.Exclude(passages, settings, logger);
    }

    private static async IAsyncEnumerable<AnswerUpdate> Extractive(GroundedText grounded, AnswerabilityReport answerability, double retrievalMs, double generationMs)
    {
        await Task.CompletedTask;
        yield return new AnswerUpdate(grounded.Text, null);
        var usage = new AnswerUsage(PromptTokens: 0, CompletionTokens: 0, retrievalMs, generationMs);
        yield return new AnswerUpdate(null, ToAnswer(grounded, answerability, ExtractiveGenerator, usage, promptVersion: null));
    }

    private static Answer ToAnswer(GroundedText grounded, AnswerabilityReport answerability, string generator, AnswerUsage usage, string? promptVersion) =>
        new(
            grounded.Text,
            grounded.Citations,
            grounded.Found,
            generator,
            usage,
            promptVersion,
            grounded.Found && grounded.Grounded,
            grounded.Sentences ?? [],
            answerability.Score,
            grounded.Related ?? []);

    /// <summary>The documents come near the question but do not answer it: say so, and offer the near passages as related.</summary>
    private GroundedText NotAnswered(AnswerabilityReport answerability, Evidence evidence)
    {
        AnswerLog.NotAnswerable(logger, answerability.Score, answerability.TermCoverage, answerability.Similarity, answerability.MissingTerms.Count);
        var related = RelatedPassages.Of(evidence, settings.RelatedPassages);
        return AnswerTexts.NotFoundAnswer with { Text = AnswerTexts.NotAnswered(answerability, related), Related = related };
    }

    private async IAsyncEnumerable<AnswerUpdate> GenerateAsync(
        IChatClient client,
        AskRequest request,
        Evidence evidence,
        AnswerabilityReport answerability,
        IReadOnlyList<PassageContext> contexts,
        double retrievalMs,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var shown = evidence.Passages;
        var recorder = new UsageRecordingChatClient(client);
        var kernel = BuildKernel(recorder);
        var executionSettings = new PromptExecutionSettings
        {
            ExtensionData = new Dictionary<string, object>
            {
                ["max_tokens"] = request.MaxTokens ?? settings.MaxTokens,
                ["temperature"] = settings.Temperature,
            },
        };
        var arguments = prompts.CreateAnswerArguments(request.Question, shown, executionSettings, contexts);

        var started = time.GetTimestamp();
        var raw = new StringBuilder();
        var markers = new CitationMarkerStreamFilter(shown.Count);
        await foreach (var chunk in prompts.AnswerFunction.InvokeStreamingAsync<StreamingChatMessageContent>(kernel, arguments, cancellationToken))
        {
            if (string.IsNullOrEmpty(chunk.Content))
            {
                continue;
            }

            raw.Append(chunk.Content);
            var visible = markers.Push(chunk.Content);
            if (visible.Length > 0)
            {
                yield return new AnswerUpdate(visible, null);
            }
        }

        var rest = markers.Flush();
        if (rest.Length > 0)
        {
            yield return new AnswerUpdate(rest, null);
        }

        var grounded = citations.Map(raw.ToString(), shown);
        if (grounded.Found)
        {
            grounded = await verifier.VerifyAsync(grounded.Text, evidence, cancellationToken);
        }
        else
        {
            // The decoder itself said the passages do not answer: offer them as related, as the gate would have.
            var related = RelatedPassages.Of(evidence, settings.RelatedPassages);
            grounded = grounded with { Related = related };
        }

        grounded = CitationNumbering.InFirstUseOrder(grounded);

        var generationMs = time.GetElapsedTime(started).TotalMilliseconds;
        var usage = new AnswerUsage(
            ToInt(recorder.Usage?.InputTokenCount) ?? TokenEstimate.Of(recorder.PromptText),
            ToInt(recorder.Usage?.OutputTokenCount) ?? TokenEstimate.Of(raw.ToString()),
            retrievalMs,
            generationMs);
        var generator = recorder.ModelId ?? client.GetService<ChatClientMetadata>()?.DefaultModelId ?? "decoder";
        yield return new AnswerUpdate(null, ToAnswer(grounded, answerability, generator, usage, PromptLibrary.AnswerPromptVersion));
    }

    /// <summary>
    /// Tokens the passages and their section text may take: <see cref="AnswerOptions.MaxPassageTokens"/>, and with a known
    /// decoder window no more than what the context leaves after the rest of the prompt and the answer's own tokens.
    /// </summary>
    private async Task<int> PassageBudgetAsync(AskRequest request, CancellationToken cancellationToken)
    {
        if (window is null)
        {
            return settings.MaxPassageTokens;
        }

        var template = window.CountTokens(await prompts.RenderAnswerAsync(request.Question, [], cancellationToken));
        var answer = request.MaxTokens ?? settings.MaxTokens;
        var left = window.ContextTokens - template - PromptMargin - answer;
        if (left < settings.MaxPassageTokens)
        {
            var available = Math.Max(left, 0);
            AnswerLog.PassageBudgetShrunk(logger, available, window.ContextTokens, answer);
        }

        return Math.Min(settings.MaxPassageTokens, left);
    }

    private int CountTokens(string text) => window?.CountTokens(text) ?? TokenEstimate.Of(text);

    private int PassageTokens(SearchHit passage) => CountTokens(passage.Chunk.Text) + PassageHeaderTokens;

    /// <summary>
    /// The best passages that fit <paramref name="budget"/>; the best one always, since an answer needs one (shortened
    /// to fit when a known decoder window cannot hold it whole).
    /// </summary>
    private IReadOnlyList<SearchHit> FitToBudget(IReadOnlyList<SearchHit> passages, int budget)
    {
        var used = 0;
        var kept = 0;
        while (kept < passages.Count)
        {
            used += PassageTokens(passages[kept]);
            if (kept > 0 && used > budget)
            {
                break;
            }

            kept++;
        }

        if (window is not null && PassageTokens(passages[0]) > budget && budget > PassageHeaderTokens)
        {
            // Not even the best passage fits the decoder's window: show its beginning, cut at a word. A prefix keeps
            // every offset into the chunk valid, so citations and verification work on it unchanged.
            var text = passages[0].Chunk.Text;
            var length = SectionContexts.LongestFitting(text.Length, n => CountTokens(text[..n]) <= budget - PassageHeaderTokens);
            var cut = length < text.Length ? text.LastIndexOf(' ', Math.Max(0, length - 1)) : -1;
            var head = text[..(cut > 0 ? cut : length)];
            AnswerLog.PassageShortened(logger, head.Length, text.Length, budget);
            var first = passages[0] with { Chunk = passages[0].Chunk with { Text = head } };
            return [first];
        }

        if (kept == passages.Count)
        {
            return passages;
        }

        AnswerLog.PassagesLeftOut(logger, passages.Count - kept, budget);
        return [.. passages.Take(kept)];
    }

    private static Kernel BuildKernel(IChatClient client)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(client.AsChatCompletionService());
        return builder.Build();
    }

    private static int? ToInt(long? value) => value is long v ? (int)Math.Min(v, int.MaxValue) : null;
}
