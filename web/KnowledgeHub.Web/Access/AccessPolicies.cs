using KnowledgeHub.Ingestion.Tenancy;
using Microsoft.AspNetCore.Authorization;

namespace KnowledgeHub.Web.Access;

/// <summary>
/// Which roles each kind of endpoint admits. Every endpoint names one; the fallback policy (any valid key) covers
/// an endpoint that forgets, and only the portal's files, health, OpenAPI and the API page are anonymous.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Key management and the job dashboard.</summary>
    public const string Admin = "admin";

    /// <summary>Changing documents: upload, delete, retry.</summary>
    public const string Ingest = "ingest";

    /// <summary>Answers: ask, chat completions, models, conversations, feedback.</summary>
    public const string Ask = "ask";

    /// <summary>Reading what the tenant holds: search, the document list, a document, a passage.</summary>
    public const string Read = "read";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Admin, p => Roles(p, ApiKeyRole.Admin));
        options.AddPolicy(Ingest, p => Roles(p, ApiKeyRole.Admin, ApiKeyRole.Ingest));
        options.AddPolicy(Ask, p => Roles(p, ApiKeyRole.Admin, ApiKeyRole.Ask));
        options.AddPolicy(Read, p => Roles(p, ApiKeyRole.Admin, ApiKeyRole.Ingest, ApiKeyRole.Ask));
        options.FallbackPolicy = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build();
    }

    private static void Roles(AuthorizationPolicyBuilder policy, params ApiKeyRole[] roles) =>
        policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(roles.Select(ApiKeyRoles.Text));
}
