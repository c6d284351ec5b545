namespace KnowledgeHub.Web.Apis;

/// <summary>Which configured body limit an endpoint has; endpoints without this metadata have <see cref="Json"/>.</summary>
public enum BodyLimitKind
{
    Json,
    Chat,
    Upload,
}

/// <summary>Endpoint metadata read by <see cref="Hosting.RequestLimits"/> before the body is read.</summary>
public sealed record BodyLimit(BodyLimitKind Kind);

public static class BodyLimitExtensions
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, BodyLimitKind kind)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new BodyLimit(kind));
}
