using System.Text.Json;
using KnowledgeHub.Connectors;

namespace KnowledgeHub.Web.Apis;

public sealed record CreateConnectorBody(string? Name, string? Kind, string? Collection, JsonElement? Settings, string? Schedule);

public sealed record ConnectorRunErrorDto(string Uri, string Error, DateTimeOffset At);

public sealed record ConnectorRunDto(
    string Id,
    string Status,
    int Added,
    int Updated,
    int Deleted,
    int Unchanged,
    int Failed,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<ConnectorRunErrorDto>? Errors = null)
{
    public static ConnectorRunDto From(ConnectorRun run, IReadOnlyList<ConnectorItemError>? errors = null) => new(
        run.Id,
        ConnectorKinds.Text(run.Status),
        run.Added,
        run.Updated,
        run.Deleted,
        run.Unchanged,
        run.Failed,
        run.Error,
        run.StartedAt,
        run.FinishedAt,
        errors?.Select(e => new ConnectorRunErrorDto(e.Uri, e.Error, e.At)).ToList());
}

public sealed record ConnectorDto(
    string Id, string Name, string Kind, string Collection, JsonElement Settings, string? Schedule, DateTimeOffset CreatedAt, ConnectorRunDto? LastRun)
{
    public static ConnectorDto From(ConnectorRecord c, ConnectorRun? lastRun)
    {
        using var settings = JsonDocument.Parse(c.Settings);
        return new(c.Id, c.Name, ConnectorKinds.Text(c.Kind), c.Collection, settings.RootElement.Clone(), c.Schedule, c.CreatedAt, lastRun is null ? null : ConnectorRunDto.From(lastRun));
    }
}

public sealed record ConnectorListDto(IReadOnlyList<ConnectorDto> Connectors);

public sealed record ConnectorRunListDto(IReadOnlyList<ConnectorRunDto> Runs);

public sealed record SyncStartedDto(string RunId, bool AlreadyRunning);
