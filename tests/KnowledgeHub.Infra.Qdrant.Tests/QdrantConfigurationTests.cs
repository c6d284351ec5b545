using System.ComponentModel.DataAnnotations;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infra.Qdrant.Tests;

public sealed class QdrantConfigurationTests
{
    [Fact]
    public void The_server_sample_configuration_selects_a_valid_qdrant_index()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot(), "infra", "appsettings.Server.sample.json")).Build();

        var options = configuration.GetSection(QdrantIndexOptions.Section).Get<QdrantIndexOptions>()!;

        Assert.Equal("qdrant", configuration["KnowledgeHub:Index:Provider"]);
        Assert.Empty(Validate(options));
        Assert.Equal("http://qdrant:6334", options.Url);
    }

    [Theory]
    [InlineData(null, "Url is required")]
    [InlineData("qdrant:6334", "not an http(s) URL")]
    [InlineData("ftp://qdrant:6334", "not an http(s) URL")]
    public void A_missing_or_malformed_url_is_refused_naming_the_key(string? url, string message)
    {
        var errors = Validate(new QdrantIndexOptions { Url = url });

        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal) && e.Contains("KnowledgeHub:Index:Qdrant:Url", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Fusion", "dbsf", "KnowledgeHub:Index:Qdrant:Fusion must be 'client' or 'server'")]
    [InlineData("IdfScope", "shard", "KnowledgeHub:Index:Qdrant:IdfScope must be 'collection' or 'tenant'")]
    public void An_unknown_fusion_place_or_idf_scope_is_refused_naming_the_key(string key, string value, string message)
    {
        var options = new QdrantIndexOptions { Url = "http://q:6334" };
        typeof(QdrantIndexOptions).GetProperty(key)!.SetValue(options, value);

        Assert.Contains(Validate(options), e => e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void By_default_hybrid_results_are_fused_by_knowledgehub_and_idf_counts_the_whole_collection()
    {
        var options = new QdrantIndexOptions { Url = "http://q:6334" };

        Assert.Empty(Validate(options));
        Assert.False(options.FusesOnServer);
        Assert.False(options.TenantIdf);
    }

    [Fact]
    public void A_deadline_of_zero_is_refused()
    {
        Assert.Contains(Validate(new QdrantIndexOptions { Url = "http://q:6334", Deadline = TimeSpan.Zero }), e => e.Contains("Deadline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_wired_index_addresses_the_model_alias_and_contacts_nobody_until_first_use()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITextEncoder>(new StubEncoder());
        services.AddOptions<QdrantIndexOptions>().Configure(o => o.Url = "http://127.0.0.1:1");
        services.AddQdrantIndex();
        await using var provider = services.BuildServiceProvider();

        var index = Assert.IsType<QdrantSearchIndex>(provider.GetRequiredService<ISearchIndex>());

        Assert.Equal("knowledgehub_stub-model", index.Collection);
        Assert.Equal(("stub-model", 4), (index.ModelId, index.Dimensions));
        Assert.Same(index, provider.GetRequiredService<QdrantSearchIndex>());
    }

    private static List<string> Validate(QdrantIndexOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? string.Empty).ToList();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "KnowledgeHub.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("KnowledgeHub.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class StubEncoder : ITextEncoder
    {
        public string ModelId => "stub-model";

        public int Dimensions => 4;

        public int MaxTokens => 16;

        public int CountTokens(string text) => text.Length;

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
