using KnowledgeHub.Connectors;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Web.Access;
using KnowledgeHub.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Apis;

/// <summary>
/// Connectors of the caller's tenant: admins create and delete them, ingest keys (and admins) list them and start runs.
/// A run is a background job; its counts and per-item errors are read back from the runs.
/// </summary>
public static class ConnectorsApi
{
    public const int MaxNameLength = 200;

    /// <summary>Runs listed per connector, newest first.</summary>
    public const int RunsShown = 20;

    /// <summary>Item errors shown per run.</summary>
    public const int ErrorsShown = 50;

    public static IEndpointRouteBuilder MapConnectorsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/connectors").WithTags("Connectors");
        api.MapPost("/", CreateAsync).RequireAuthorization(AccessPolicies.Admin);
        api.MapGet("/", ListAsync).RequireAuthorization(AccessPolicies.Ingest);
        api.MapGet("/{id}", GetAsync).RequireAuthorization(AccessPolicies.Ingest);
        api.MapGet("/{id}/runs", ListRunsAsync).RequireAuthorization(AccessPolicies.Ingest);
        api.MapPost("/{id}/sync", SyncAsync).RequireAuthorization(AccessPolicies.Ingest);
        api.MapDelete("/{id}", DeleteAsync).RequireAuthorization(AccessPolicies.Admin);
        return app;
    }

    private static async Task<Results<Created<ConnectorDto>, ProblemHttpResult>> CreateAsync(
        HttpContext context,
        IConnectorStore store,
        ConnectorScheduler scheduler,
        FolderWatchers watchers,
        IOptions<ConnectorsOptions> options,
        IOptions<IngestionOptions> ingestion,
        TimeProvider timeProvider,
        CreateConnectorBody? body,
        CancellationToken cancellationToken)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Name) || body.Name.Trim().Length > MaxNameLength)
        {
            return Problems.Invalid("name", $"'name' is required, at most {MaxNameLength} characters.");
        }

        if (!ConnectorKinds.TryParse(body.Kind, out var kind))
        {
            return Problems.Invalid("kind", "'kind' must be 'folder', 'web' or 'git'.");
        }

        var collection = string.IsNullOrWhiteSpace(body.Collection) ? ingestion.Value.DefaultCollection : body.Collection.Trim();
        try
        {
            CollectionNames.Validate(collection);
        }
        catch (ArgumentException ex)
        {
            return Problems.Invalid("collection", ex.Message);
        }

        var settings = body.Settings is { } element ? element.GetRawText() : "{}";
        string? schedule;
        try
        {
            ConnectorSettings.Parse(kind, settings, options.Value);
            schedule = ConnectorSettings.Schedule(body.Schedule);
        }
        catch (ConnectorSettingsException ex)
        {
            return Problems.Invalid(ex.Field, ex.Message);
        }

        var connector = new ConnectorRecord
        {
            Id = "con_" + Guid.NewGuid().ToString("N")[..20],
            Tenant = Tenants.Current(context),
            Name = body.Name.Trim(),
            Kind = kind,
            Collection = collection,
            Settings = settings,
            Schedule = schedule,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        await store.AddAsync(connector, cancellationToken);
        scheduler.Schedule(connector);
        watchers.Refresh();
        return TypedResults.Created($"/api/connectors/{connector.Id}", ConnectorDto.From(connector, null));
    }

    private static async Task<Ok<ConnectorListDto>> ListAsync(HttpContext context, IConnectorStore store, CancellationToken cancellationToken)
    {
        var tenant = Tenants.Current(context);
        var list = new List<ConnectorDto>();
        foreach (var connector in await store.ListAsync(tenant, cancellationToken))
        {
            var last = await LastRunAsync(store, tenant, connector.Id, cancellationToken);
            list.Add(ConnectorDto.From(connector, last));
        }

        return TypedResults.Ok(new ConnectorListDto(list));
    }

    private static async Task<Results<Ok<ConnectorDto>, ProblemHttpResult>> GetAsync(HttpContext context, IConnectorStore store, string id, CancellationToken cancellationToken)
    {
        var tenant = Tenants.Current(context);
        if (await store.GetAsync(tenant, id, cancellationToken) is not { } connector)
        {
            return NotFound(id);
        }

        var last = await LastRunAsync(store, tenant, id, cancellationToken);
        return TypedResults.Ok(ConnectorDto.From(connector, last));
    }

    private static async Task<Results<Ok<ConnectorRunListDto>, ProblemHttpResult>> ListRunsAsync(HttpContext context, IConnectorStore store, string id, CancellationToken cancellationToken)
    {
        var tenant = Tenants.Current(context);
        if (await store.GetAsync(tenant, id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var runs = new List<ConnectorRunDto>();
        foreach (var run in await store.ListRunsAsync(tenant, id, RunsShown, cancellationToken))
        {
            runs.Add(ConnectorRunDto.From(run, await store.ListErrorsAsync(run.Id, ErrorsShown, cancellationToken)));
        }

        return TypedResults.Ok(new ConnectorRunListDto(runs));
    }

    private static async Task<Results<Accepted<SyncStartedDto>, ProblemHttpResult>> SyncAsync(
        HttpContext context, IConnectorStore store, ConnectorSync sync, ConnectorScheduler scheduler, string id, CancellationToken cancellationToken)
    {
        var tenant = Tenants.Current(context);
        if (await store.GetAsync(tenant, id, cancellationToken) is not { } connector)
        {
            return NotFound(id);
        }

        // A connector has one run at a time: asking again while one runs returns that run.
        var (run, created) = await sync.RequestAsync(connector, cancellationToken);
        if (created)
        {
            scheduler.Enqueue(tenant, run.Id);
        }

        return TypedResults.Accepted($"/api/connectors/{id}/runs", new SyncStartedDto(run.Id, !created));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        HttpContext context, IConnectorStore store, DocumentService documents, ConnectorScheduler scheduler, FolderWatchers watchers, string id, bool? keepDocuments, CancellationToken cancellationToken)
    {
        var tenant = Tenants.Current(context);
        if (await store.GetAsync(tenant, id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        scheduler.Unschedule(id);
        if (keepDocuments != true)
        {
            foreach (var item in (await store.ListItemsAsync(id, cancellationToken)).Values)
            {
                // A document another connector also brought in stays for that one.
                if (await store.CountItemsForDocumentAsync(item.DocumentId, cancellationToken) <= 1)
                {
                    await documents.DeleteAsync(tenant, item.DocumentId, cancellationToken);
                }
            }
        }

        await store.DeleteAsync(tenant, id, cancellationToken);
        watchers.Refresh();
        return TypedResults.NoContent();
    }

    private static async Task<ConnectorRun?> LastRunAsync(IConnectorStore store, string tenant, string id, CancellationToken cancellationToken) =>
        await store.ListRunsAsync(tenant, id, 1, cancellationToken) is [var last, ..] ? last : null;

    private static ProblemHttpResult NotFound(string id) =>
        Problems.Status(StatusCodes.Status404NotFound, "Connector not found", $"No connector with id '{id}'.");
}
