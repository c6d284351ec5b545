using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Web.Apis;

internal static class Tenants
{
    // Until API keys carry a tenant (they will), every request acts for the configured default tenant.
    public static string Current(HttpContext context) => context.RequestServices.Settings<KnowledgeHubOptions>().DefaultTenant;
}
