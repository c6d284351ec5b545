using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>A step that runs past its limit ends the document with a reason that names the limit; nothing hangs.</summary>
public sealed class StepTimeLimitTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Embedding_past_its_limit_fails_the_document_at_once_naming_the_setting()
    {
        await using var services = Build(new StallingEncoder(), "KnowledgeHub:Ingestion:EmbedTimeout", "00:00:01");
        var id = await StoredDocuments.AddAsync(services, "doc_slow", "policy.txt", "A short policy about refunds and returns.");

        await services.GetRequiredService<IngestionPipeline>().RunAsync(id);

        var document = (await services.GetRequiredService<IDocumentStore>().GetByIdAsync(id))!;
        Assert.Equal(DocumentStatus.Failed, document.Status);
        Assert.Equal("Embedding took longer than the limit of 1 seconds (KnowledgeHub:Ingestion:EmbedTimeout).", document.Error);
        Assert.Equal(1, document.Attempts);
    }

    [Fact]
    public void Step_limits_below_one_second_are_refused_at_start()
    {
        using var services = Build(new StallingEncoder(), "KnowledgeHub:Ingestion:IndexTimeout", "00:00:00.1");

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<IngestionPipeline>());

        Assert.Contains("IndexTimeout", error.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Build(ITextEncoder encoder, string key, string value) => PipelineServices.Build(folder, encoder, settings: (key, value));

    /// <summary>An encoder that never answers until cancelled, like a stuck inference session.</summary>
    private sealed class StallingEncoder : ITextEncoder
    {
        public string ModelId => "stalling-test-encoder";

        public int Dimensions => 4;

        public int MaxTokens => 256;

        public int CountTokens(string text) => text.Split(' ').Length;

        public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }
}
