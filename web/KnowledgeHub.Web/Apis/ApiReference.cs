using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace KnowledgeHub.Web.Apis;

/// <summary>
/// The interactive API page (Scalar) at /api-docs over the OpenAPI document at /openapi/v1.json. Scalar's script is
/// embedded in its package and served from here; default fonts (a web font host) and telemetry are off, so the page
/// works on a machine without internet. Anonymous, like the document it shows: it lists endpoints, not data.
/// </summary>
public static class ApiReference
{
    public const string Path = "/api-docs";

    private const string BearerScheme = "Bearer";

    /// <summary>Names the OpenAPI document after the product rather than the host process.</summary>
    public static void ConfigureDocument(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "KnowledgeHub API";
            document.Info.Description = "Documents, search, grounded answers with citations, conversations, keys, and an OpenAI-compatible chat endpoint under /v1.";

            // Every endpoint but health, the document and this page wants `Authorization: Bearer <key>`; declaring it lets
            // the API page send a key with its requests.
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A KnowledgeHub API key (kh_...), sent as `Authorization: Bearer <key>`.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            return Task.CompletedTask;
        });
    }

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(Path, o => o
                .WithTitle("KnowledgeHub API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry())
            .AllowAnonymous();
        return app;
    }
}
