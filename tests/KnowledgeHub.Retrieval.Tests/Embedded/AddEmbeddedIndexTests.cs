using KnowledgeHub.TestSupport;
using KnowledgeHub.Retrieval.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

public class AddEmbeddedIndexTests
{
    [Fact]
    public void The_index_is_a_singleton_opened_for_the_registered_encoder()
    {
        using var folder = new TempFolder();
        var services = new ServiceCollection();
        services.AddSingleton<ITextEncoder>(new HashingEncoder(dimensions: 16));

        services.AddEmbeddedIndex(_ => folder.Path);

        using var provider = new SingletonProvider(services);
        var index = provider.GetRequiredService<ISearchIndex>();
        Assert.Same(index, provider.GetRequiredService<EmbeddedIndex>());
        Assert.Equal(HashingEncoder.Id, index.ModelId);
        Assert.Equal(16, ((EmbeddedIndex)index).Dimensions);
        Assert.True(File.Exists(Path.Combine(folder.Path, "knowledgehub-index.json")));
    }

    /// <summary>Just enough of a container for singleton registrations (the test project carries no DI implementation).</summary>
    private sealed class SingletonProvider(IServiceCollection services) : IServiceProvider, IDisposable
    {
        private readonly Dictionary<Type, object> built = [];

        public object? GetService(Type serviceType)
        {
            if (this.built.TryGetValue(serviceType, out var built))
            {
                return built;
            }

            var descriptor = services.LastOrDefault(d => d.ServiceType == serviceType);
            if (descriptor is null)
            {
                return null;
            }

            Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
            var instance = descriptor.ImplementationInstance ?? descriptor.ImplementationFactory!(this);
            this.built[serviceType] = instance;
            return instance;
        }

        public void Dispose()
        {
            foreach (var disposable in built.Values.OfType<IDisposable>().Distinct())
            {
                disposable.Dispose();
            }
        }
    }
}
