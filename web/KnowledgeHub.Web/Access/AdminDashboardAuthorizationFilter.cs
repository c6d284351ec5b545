using Hangfire.Dashboard;
using KnowledgeHub.Ingestion.Tenancy;

namespace KnowledgeHub.Web.Access;

/// <summary>
/// The Hangfire dashboard shows the jobs of every tenant, so only an admin key of the default (operator) tenant gets in.
/// Hangfire's own default would admit any local request.
/// </summary>
public sealed class AdminDashboardAuthorizationFilter(string operatorTenant) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User is { Identity.IsAuthenticated: true } user
        && user.IsInRole(ApiKeyRoles.Admin)
        && AccessClaims.TenantOf(user) == operatorTenant;
}
