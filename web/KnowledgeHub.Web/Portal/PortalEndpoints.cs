using System.Reflection;

namespace KnowledgeHub.Web.Portal;

/// <summary>The portal is a few static files embedded in the assembly, so it is served the same from any working directory.</summary>
public static class PortalEndpoints
{
    private const string Prefix = "KnowledgeHub.Web.Portal.";

    private static readonly Assembly Assembly = typeof(PortalEndpoints).Assembly;

    private static readonly HashSet<string> Files = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..])
        .ToHashSet(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        // The page and its scripts hold no data; the portal asks for a key before it calls the API.
        app.MapGet("/", () => Resource("index.html")).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/portal/{name}", (string name) => Files.Contains(name) ? Resource(name) : Results.NotFound()).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private static IResult Resource(string name)
    {
        var stream = Assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new InvalidOperationException($"Portal resource {name} is missing from the build.");
        return Results.Stream(stream, ContentType(name));
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
}
