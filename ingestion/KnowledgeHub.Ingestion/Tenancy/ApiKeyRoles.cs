namespace KnowledgeHub.Ingestion.Tenancy;

/// <summary>The role names as stored, sent and accepted: admin, ingest, ask.</summary>
public static class ApiKeyRoles
{
    public const string Admin = "admin";

    public const string Ingest = "ingest";

    public const string Ask = "ask";

    public static string Text(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Admin => Admin,
        ApiKeyRole.Ingest => Ingest,
        ApiKeyRole.Ask => Ask,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? text, out ApiKeyRole role)
    {
        switch (text)
        {
            case Admin:
                role = ApiKeyRole.Admin;
                return true;
            case Ingest:
                role = ApiKeyRole.Ingest;
                return true;
            case Ask:
                role = ApiKeyRole.Ask;
                return true;
            default:
                role = default;
                return false;
        }
    }

    public static ApiKeyRole Parse(string text) =>
        TryParse(text, out var role) ? role : throw new InvalidOperationException($"Unknown API key role '{text}' in the database.");
}
