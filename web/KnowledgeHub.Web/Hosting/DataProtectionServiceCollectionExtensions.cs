using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

public static class DataProtectionServiceCollectionExtensions
{
    /// <summary>
    /// ASP.NET Core's data-protection keys (authentication needs a key ring, though KnowledgeHub's bearer keys never use
    /// it) live in &lt;data&gt;/keys instead of the user profile, so they move and are backed up with the data folder and
    /// a container does not warn that they are lost on restart. They are not encrypted at rest: nothing KnowledgeHub
    /// stores is protected with them, and the data folder's permissions guard them like the documents beside them.
    /// </summary>
    public static IServiceCollection AddDataProtectionKeys(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("KnowledgeHub");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(sp.GetRequiredService<DataPaths>().Keys), sp.GetRequiredService<ILoggerFactory>())));
        return services;
    }
}
