using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Parsing;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Tests.Chunking;

/// <summary>A collection's own chunking: the API's setting over the configuration's entry over the section, and the chunker honouring it.</summary>
public sealed class CollectionChunkingOptionsTests
{
    [Fact]
    public void A_smaller_size_for_one_call_makes_more_and_shorter_chunks_of_the_same_document()
    {
        var chunker = new TextChunker(TestTokens.Count, new ChunkingOptions());
        var document = new ParsedDocument([new ParsedBlock(string.Join(" ", Enumerable.Range(1, 80).Select(i => $"Sentence {i} names valve {i} and its torque setting.")))]);

        var normal = chunker.Chunk(document);
        var small = chunker.Chunk(document, ChunkingOptions.With(40, 4));

        Assert.True(small.Count > normal.Count, $"{small.Count} small chunks, {normal.Count} default ones.");
        Assert.All(small, c => Assert.InRange(c.TokenCount, 1, 40));
        Assert.Contains(normal, c => c.TokenCount > 40);
        Assert.Throws<ArgumentException>(() => chunker.Chunk(document, ChunkingOptions.With(40, 40)));
    }

    [Fact]
    public async Task The_apis_setting_wins_over_the_configuration_entry_which_wins_over_the_section()
    {
        var options = new ChunkingOptions { MaxTokens = 300, OverlapTokens = 30 };
        options.Collections["papers"] = new CollectionChunking { MaxTokens = 120 };
        var store = new OneSetting();
        var settings = new ChunkingSettings(Options.Create(options), store);

        Assert.Equal(new EffectiveChunking(300, 30, ChunkingSource.Default), await settings.ForAsync("acme", "manuals"));
        Assert.Equal(new EffectiveChunking(120, 30, ChunkingSource.Configuration), await settings.ForAsync("acme", "papers"));
        store.Setting = new CollectionChunkingRecord("acme", "papers", 64, 8, DateTimeOffset.UnixEpoch);
        Assert.Equal(new EffectiveChunking(64, 8, ChunkingSource.Api), await settings.ForAsync("acme", "papers"));
        Assert.Equal(new EffectiveChunking(120, 30, ChunkingSource.Configuration), await settings.ForAsync("globex", "papers"));
    }

    [Fact]
    public void The_validator_names_each_bad_entry_with_its_key()
    {
        var options = new ChunkingOptions();
        options.Collections["a"] = new CollectionChunking { MaxTokens = 16 };
        options.Collections["b"] = new CollectionChunking { MaxTokens = 64, OverlapTokens = 64 };
        options.Collections["c"] = new CollectionChunking { MaxTokens = 64, OverlapTokens = 8 };

        var result = new ChunkingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("KnowledgeHub:Chunking:Collections:a: ", StringComparison.Ordinal));
        Assert.Contains("KnowledgeHub:Chunking:Collections:b: OverlapTokens (64) must be smaller than MaxTokens (64).", result.Failures!);
        Assert.DoesNotContain(result.Failures!, f => f.Contains("Collections:c", StringComparison.Ordinal));
    }

    /// <summary>A store holding at most one setting, for one tenant and collection.</summary>
    private sealed class OneSetting : ICollectionChunkingStore
    {
        public CollectionChunkingRecord? Setting { get; set; }

        public Task<CollectionChunkingRecord?> GetChunkingAsync(string tenant, string collection, CancellationToken cancellationToken = default) =>
            Task.FromResult(Setting is { } s && s.Tenant == tenant && s.Collection == collection ? s : null);

        public Task SetChunkingAsync(CollectionChunkingRecord setting, CancellationToken cancellationToken = default)
        {
            Setting = setting;
            return Task.CompletedTask;
        }

        public Task<bool> DeleteChunkingAsync(string tenant, string collection, CancellationToken cancellationToken = default)
        {
            var had = Setting is not null;
            Setting = null;
            return Task.FromResult(had);
        }
    }
}
