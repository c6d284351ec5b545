using Hangfire;
using KnowledgeHub.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Access;

public static class AccessServiceCollectionExtensions
{
    /// <summary>API key authentication, role policies, the bootstrap key, CORS and per-key rate limits.</summary>
    public static IServiceCollection AddApiAccess(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CrossOriginOptions>().BindConfiguration(CrossOriginOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<ApiKeyValidator>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(AccessPolicies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        // After the store initializer (hosted services start in registration order), so the key table exists.
        services.AddHostedService<BootstrapKeyProvisioner>();

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<CrossOriginOptions>>((cors, origins) =>
            {
                var allowed = origins.Value.AllowedOrigins;
                if (allowed.Length == 0)
                {
                    return;
                }

                cors.AddDefaultPolicy(policy =>
                {
                    policy = allowed.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins(allowed);
                    policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Location", "Retry-After", "Idempotency-Replayed");
                });
            });
        services.AddRateLimiter(RateLimits.Configure);
        return services;
    }

    /// <summary>The middleware in the order it must run: CORS answers preflights before a key is asked for.</summary>
    public static WebApplication UseApiAccess(this WebApplication app)
    {
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>The Hangfire dashboard at /hangfire, for admin keys of the default tenant.</summary>
    public static IEndpointConventionBuilder MapJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboard(
                "/hangfire",
                new DashboardOptions
                {
                    Authorization = [new AdminDashboardAuthorizationFilter(app.Services.Settings<KnowledgeHubOptions>().DefaultTenant)],
                    DisplayStorageConnectionString = false,
                })
            .RequireAuthorization(AccessPolicies.Admin);
}
