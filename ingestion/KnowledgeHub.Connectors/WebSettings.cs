namespace KnowledgeHub.Connectors;

public sealed record WebSettings(
    IReadOnlyList<Uri> StartUrls,
    IReadOnlyList<Uri> Sitemaps,
    IReadOnlyList<string> AllowedPrefixes,
    int MaxPages,
    int MaxDepth)
{
    public const int DefaultMaxPages = 1000;
    public const int DefaultMaxDepth = 5;
    public const int MaxDepthLimit = 50;
}
