using KnowledgeHub.Ingestion.Tenancy;

namespace KnowledgeHub.Web.Access;

/// <summary>A key that passed validation: who it acts for and what it may do.</summary>
/// <param name="Groups">The key's access groups (see <see cref="ApiKeyRecord.Groups"/>); ignored for admin keys.</param>
public sealed record AuthenticatedKey(string Id, string Name, string Tenant, ApiKeyRole Role, IReadOnlyList<string>? Groups = null);
