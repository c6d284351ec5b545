using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Connectors;

public static class ConnectorsServiceCollectionExtensions
{
    /// <summary>The sync engine and the folder, web and Git sources. The host adds the store (<see cref="IConnectorStore"/>) and runs the jobs.</summary>
    public static IServiceCollection AddConnectors(this IServiceCollection services, Func<IServiceProvider, string> cloneFolder)
    {
        services.AddOptions<ConnectorsOptions>()
            .BindConfiguration(ConnectorsOptions.Section)
            .PostConfigure<IServiceProvider>((o, sp) => o.Git.CloneFolder ??= cloneFolder(sp))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectorsOptions>, ConnectorsOptionsValidator>();
        services.AddSingleton<IConnectorSource, FolderSource>();
        services.AddSingleton<IConnectorSource, WebSource>();
        services.AddSingleton<IConnectorSource, GitSource>();
        services.AddSingleton<ConnectorSync>();
        return services;
    }
}
