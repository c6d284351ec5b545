using Xunit.Sdk;

namespace KnowledgeHub.Store.Tests;

/// <summary>
/// A fact declared once in an abstract compliance class and run for each concrete class. An attribute on a
/// method cannot know which class it runs in, so the skip reason comes from the concrete class instead
/// (<see cref="ITestClassSkip"/>); see <see cref="StoreTestCase"/>.
/// </summary>
[XunitTestCaseDiscoverer("KnowledgeHub.Store.Tests.StoreFactDiscoverer", "KnowledgeHub.Store.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;
