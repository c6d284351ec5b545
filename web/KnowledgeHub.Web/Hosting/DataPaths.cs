namespace KnowledgeHub.Web.Hosting;

/// <summary>Where each kind of data lives under <see cref="KnowledgeHubOptions.DataPath"/>.</summary>
public sealed class DataPaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Database => Path.Combine(Root, "knowledgehub.db");

    public string Originals => Path.Combine(Root, "originals");

    public string Models => Path.Combine(Root, "models");

    /// <summary>ASP.NET Core's data-protection key ring.</summary>
    public string Keys => Path.Combine(Root, "keys");

    public string IndexFor(string modelId) => Path.Combine(Root, "index", modelId);
}
