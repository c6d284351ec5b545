namespace KnowledgeHub.Web.Access;

/// <summary>Browser origins other than the server's own that may call the API (CORS). None by default.</summary>
public sealed class CrossOriginOptions
{
    public const string Section = "KnowledgeHub:Cors";

    /// <summary>Exact origins, e.g. `https://chat.example.com`; `*` admits any origin (keys still required).</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
