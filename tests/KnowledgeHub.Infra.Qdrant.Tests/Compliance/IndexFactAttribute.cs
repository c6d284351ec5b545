using Xunit.Sdk;

namespace KnowledgeHub.Infra.Qdrant.Tests.Compliance;

/// <summary>
/// A fact declared once in <see cref="SearchIndexCompliance"/> and run for each concrete class. An attribute on a
/// method cannot know which class it runs in, so the skip reason comes from the concrete class
/// (<see cref="RequiresQdrantAttribute"/>); see <see cref="IndexTestCase"/>.
/// </summary>
[XunitTestCaseDiscoverer("KnowledgeHub.Infra.Qdrant.Tests.Compliance.IndexFactDiscoverer", "KnowledgeHub.Infra.Qdrant.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class IndexFactAttribute : FactAttribute;
