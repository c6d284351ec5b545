using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Web.Access;
using KnowledgeHub.Web.Apis;
using KnowledgeHub.Web.Apis.OpenAI;
using KnowledgeHub.Web.Health;
using KnowledgeHub.Web.Portal;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

/// <summary>Builds the one host: the HTTP server (serve) or the same services without a server (command line).</summary>
public static class KnowledgeHubApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <param name="configureServices">Replaces services after the product's own registrations (tests inject failures this way).</param>
    public static WebApplication CreateServer(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddIngestionWorkers(builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddDataProtectionKeys();
        builder.Services.AddRequestLimits();
        builder.Services.AddApiAccess();
        builder.Services.AddOpenApi(ApiReference.ConfigureDocument);
        builder.Services.AddKnowledgeHubHealthChecks();
        builder.Services.AddKnowledgeHubTelemetry(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));

        var maxUpload = builder.Configuration.GetValue<long?>($"{IngestionOptions.Section}:{nameof(IngestionOptions.MaxUploadBytes)}")
            ?? new IngestionOptions().MaxUploadBytes;
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = maxUpload);

        // The server-wide ceiling is the largest endpoint limit (uploads); UseRequestBodyLimits lowers it per endpoint.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxUpload + RequestLimits.UploadFramingBytes);
        configureServices?.Invoke(builder.Services);

        var app = Build(builder);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseApiAccess();
        app.UseRequestBodyLimits();
        // Each Map*Api declares its endpoints' role policies and rate limits beside their routes (EndpointPolicyTests).
        app.MapApiReference();
        app.MapHealthEndpoints();
        app.MapPortal();
        app.MapKeysApi();
        app.MapJobsDashboard();
        app.MapDocumentsApi();
        app.MapSearchApi();
        app.MapAskApi();
        app.MapConversationsApi();
        app.MapFeedbackApi();
        app.MapUsageApi();
        app.MapOpenAIApi();
        app.MapChunksApi();
        app.MapCollectionsApi();
        app.MapCollectionChunkingApi();
        app.MapIngestionApi();
        app.MapConnectorsApi();
        return app;
    }

    /// <summary>The services without the HTTP server, workers or hosted services; for command-line verbs.</summary>
    /// <param name="holdDataFolder">
    /// False only for a host that never touches the queue or the index: a second host inside a command that already holds
    /// the folder and uses nothing of it but models, or a read-only export from the store.
    /// </param>
    public static WebApplication CreateTool(string[] args, bool holdDataFolder = true)
    {
        var builder = CreateBuilder(args, holdDataFolder);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return Build(builder);
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    private static WebApplicationBuilder CreateBuilder(string[] args, bool holdDataFolder = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        AddConfigurationDefaults(builder.Configuration);

        // Before any service exists: a second process on the folder must stop before it touches the queue or the index.
        if (holdDataFolder && DataFolderLock.IsNeeded(builder.Configuration))
        {
            var held = DataFolderLock.Acquire(DataFolderLock.FolderOf(builder.Configuration));
            builder.Host.Properties[typeof(DataFolderLock)] = held;
            builder.Services.AddSingleton(_ => held);
        }

        builder.Services.AddKnowledgeHub(builder.Configuration);
        return builder;
    }

    /// <summary>Builds the host so that it owns the data folder lock: the container releases it when the host is disposed.</summary>
    private static WebApplication Build(WebApplicationBuilder builder)
    {
        try
        {
            var app = builder.Build();
            app.Services.GetService<DataFolderLock>();
            return app;
        }
        catch
        {
            (builder.Host.Properties.TryGetValue(typeof(DataFolderLock), out var held) ? held as IDisposable : null)?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Defaults below every other configuration source, for every host. Npgsql logs each SQL command at Information,
    /// which buries the product's own lines on a PostgreSQL deployment; Logging:LogLevel:Npgsql set anywhere still wins.
    /// </summary>
    public static void AddConfigurationDefaults(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData =
            [
                new("Logging:LogLevel:Npgsql", "Warning"),

                // Its one warning ("no XML encryptor configured") is a choice made and documented in AddDataProtectionKeys.
                new("Logging:LogLevel:Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", "Error"),
            ],
        });

    /// <summary>Resolves options now so that a bad setting stops the command with a clear message.</summary>
    public static T Settings<T>(this IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;
}
