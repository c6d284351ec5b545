using KnowledgeHub.Ingestion.Tenancy;

namespace KnowledgeHub.Web.Access;

/// <summary>A key that passed validation: who it acts for and what it may do.</summary>
public sealed record AuthenticatedKey(string Id, string Name, string Tenant, ApiKeyRole Role);
