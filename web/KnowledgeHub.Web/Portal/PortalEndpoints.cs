using System.Reflection;

namespace KnowledgeHub.Web.Portal;

/// <summary>The portal is three static files embedded in the assembly, so it is served the same from any working directory.</summary>
public static class PortalEndpoints
{
    private static readonly Assembly Assembly = typeof(PortalEndpoints).Assembly;

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Resource("index.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/portal/app.js", () => Resource("app.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/portal/app.css", () => Resource("app.css", "text/css; charset=utf-8")).ExcludeFromDescription();
        return app;
    }

    private static IResult Resource(string name, string contentType)
    {
        var stream = Assembly.GetManifestResourceStream($"KnowledgeHub.Web.Portal.{name}")
            ?? throw new InvalidOperationException($"Portal resource {name} is missing from the build.");
        return Results.Stream(stream, contentType);
    }
}
