using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Access;

/// <summary>The rate limiter policies endpoints name (RequireRateLimiting), partitioned by API key.</summary>
public static class RateLimits
{
    public const string Ask = "ask";

    public const string Upload = "upload";

    public static void Configure(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = OnRejectedAsync;
        options.AddPolicy(Ask, context => Partition(context, Ask, context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Ask));
        options.AddPolicy(Upload, context => Partition(context, Upload, context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Upload));
    }

    private static RateLimitPartition<string> Partition(HttpContext context, string policy, RateLimitWindow window)
    {
        // Authorization runs first, so every request here has a key; the address only guards a mis-wired anonymous endpoint.
        var key = AccessClaims.KeyIdOf(context.User) ?? "ip:" + context.Connection.RemoteIpAddress;
        return window.PermitLimit == 0
            ? RateLimitPartition.GetNoLimiter(policy + ":" + key)
            : RateLimitPartition.GetFixedWindowLimiter(policy + ":" + key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = window.PermitLimit,
                Window = TimeSpan.FromSeconds(window.WindowSeconds),
                QueueLimit = 0,
            });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var detail = "This API key has used its request budget for the current window.";
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail += $" Retry after {seconds} s.";
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
    }
}
