using KnowledgeHub.Ingestion.Tenancy;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Access;

/// <summary>
/// A fresh data folder without KnowledgeHub:Auth:BootstrapKey would lock everyone out, so the first start generates
/// an admin key for the default tenant and prints it once. Only its hash is stored: it can never be shown again,
/// and a later start finds the admin key (even revoked) and prints nothing.
/// </summary>
public sealed class BootstrapKeyProvisioner(
    IApiKeyStore keys,
    IOptions<AuthOptions> auth,
    IOptions<KnowledgeHubOptions> hub,
    TimeProvider timeProvider,
    ILogger<BootstrapKeyProvisioner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var tenant = hub.Value.DefaultTenant;
        if (!string.IsNullOrEmpty(auth.Value.BootstrapKey) || await keys.HasAdminKeyAsync(tenant, cancellationToken))
        {
            return;
        }

        // Replicas starting together on an empty store may all get here; the store adds one key, and only its process prints it.
        var (id, token, hash) = ApiKeyTokens.Create();
        if (!await keys.AddFirstAdminAsync(
                new ApiKeyRecord { Id = id, Name = "bootstrap admin (generated)", Tenant = tenant, Role = ApiKeyRole.Admin, SecretHash = hash, CreatedAt = timeProvider.GetUtcNow() },
                cancellationToken))
        {
            return;
        }

        AccessLog.BootstrapKeyGenerated(logger, tenant, id);
        await Console.Out.WriteLineAsync(Banner(tenant, token));
        await Console.Out.FlushAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Banner(string tenant, string token) => $"""

        ================================================================================
          KnowledgeHub generated an admin API key for tenant '{tenant}'.
          It is shown only this once; store it now (the portal asks for it):

            {token}

          Send it as 'Authorization: Bearer <key>'. Create further keys with POST /api/keys.
        ================================================================================

        """;
}
