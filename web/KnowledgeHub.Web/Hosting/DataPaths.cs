namespace KnowledgeHub.Web.Hosting;

/// <summary>Where each kind of data lives under <see cref="KnowledgeHubOptions.DataPath"/>.</summary>
/// <param name="modelCache">The encoder cache when it lives elsewhere (<see cref="KnowledgeHubOptions.ModelCachePath"/>).</param>
public sealed class DataPaths(string root, string? modelCache = null)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Database => Path.Combine(Root, "knowledgehub.db");

    public string Originals => Path.Combine(Root, "originals");

    public string Models { get; } = modelCache is null ? Path.Combine(Path.GetFullPath(root), "models") : Path.GetFullPath(modelCache);

    /// <summary>ASP.NET Core's data-protection key ring.</summary>
    public string Keys => Path.Combine(Root, "keys");

    /// <summary>Bare clones of the Git connectors' remote repositories.</summary>
    public string GitClones => Path.Combine(Root, "connectors", "git");

    public string IndexFor(string modelId) => Path.Combine(Root, "index", modelId);
}
