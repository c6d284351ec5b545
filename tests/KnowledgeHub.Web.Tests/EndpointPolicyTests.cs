using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// Every endpoint the host maps names a role policy or is one of the few anonymous ones. The fallback policy would
/// still demand a key of an endpoint that forgets, but then any role could call it: this catches that.
/// </summary>
public sealed class EndpointPolicyTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    private static readonly string[] AnonymousPrefixes = ["/portal/", "/health/", "/openapi/", "/api-docs"];

    private static readonly HashSet<string> RolePolicies = [AccessPolicies.Admin, AccessPolicies.Ingest, AccessPolicies.Ask, AccessPolicies.Read];

    [Fact]
    public void Every_endpoint_is_anonymous_by_design_or_names_a_role_policy()
    {
        var endpoints = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var problems = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            if (anonymous)
            {
                if (route != "/" && !AnonymousPrefixes.Any(p => route.StartsWith(p, StringComparison.Ordinal)))
                {
                    problems.Add($"{endpoint.DisplayName} ({route}) is anonymous");
                }
            }
            else if (!policies.Any(RolePolicies.Contains))
            {
                problems.Add($"{endpoint.DisplayName} ({route}) names no role policy");
            }
        }

        Assert.True(endpoints.Count > 10, $"Only {endpoints.Count} endpoints found; the data source is not the host's.");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/search");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText?.StartsWith("/hangfire", StringComparison.Ordinal) == true);
        Assert.Empty(problems);
    }
}
