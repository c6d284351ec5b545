using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Web.Apis;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// Per-endpoint body limits (<see cref="RequestLimitsOptions"/>, <see cref="BodyLimit"/>) and the problem answers of
/// requests that cannot be read: every 4xx says which field or limit it is about.
/// </summary>
public static class RequestLimits
{
    /// <summary>What a multipart request may carry beyond the file itself: boundaries, headers, form fields.</summary>
    public const long UploadFramingBytes = 1024 * 1024;

    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Binding failures throw instead of answering an empty 400, so that RequestProblems can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<ProblemDetailsOptions>(o => o.CustomizeProblemDetails = RequestProblems.Complete);
        return services;
    }

    /// <summary>Sets the endpoint's body limit before anything reads the body, and refuses a declared length over it at once.</summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = For(context);
        context.Items[typeof(Limit)] = limit;
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit.RequestBytes;
        }

        if (context.Request.ContentLength > limit.RequestBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = RequestProblems.TooLarge(context) });
            return;
        }

        await next(context);
    });

    /// <param name="RequestBytes">What the whole body may hold.</param>
    /// <param name="StatedBytes">The limit as the setting states it (for uploads the file, without the multipart framing).</param>
    public sealed record Limit(BodyLimitKind Kind, long RequestBytes, long StatedBytes, string Setting);

    public static Limit For(HttpContext context)
    {
        // The exception handler clears the endpoint before it runs; the limit chosen for it is kept with the request.
        if (context.Items.TryGetValue(typeof(Limit), out var chosen) && chosen is Limit known)
        {
            return known;
        }

        var kind = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.Kind ?? BodyLimitKind.Json;
        var services = context.RequestServices;
        var limits = services.GetRequiredService<IOptions<RequestLimitsOptions>>().Value;
        switch (kind)
        {
            case BodyLimitKind.Upload:
                var upload = services.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxUploadBytes;
                return new Limit(kind, upload + UploadFramingBytes, upload, $"{IngestionOptions.Section}:{nameof(IngestionOptions.MaxUploadBytes)}");
            case BodyLimitKind.Chat:
                return new Limit(kind, limits.ChatBodyBytes, limits.ChatBodyBytes, $"{RequestLimitsOptions.Section}:{nameof(RequestLimitsOptions.ChatBodyBytes)}");
            default:
                return new Limit(kind, limits.JsonBodyBytes, limits.JsonBodyBytes, $"{RequestLimitsOptions.Section}:{nameof(RequestLimitsOptions.JsonBodyBytes)}");
        }
    }
}
