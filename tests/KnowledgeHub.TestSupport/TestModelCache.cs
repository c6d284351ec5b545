namespace KnowledgeHub.TestSupport;

/// <summary>
/// The one encoder model cache for every test project and test server of a run. Provisioning writes through a temp
/// file and an atomic rename, so parallel test processes may share it; each model is extracted (and quantised) once
/// per machine instead of once per test class, project or server.
/// </summary>
public static class TestModelCache
{
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "kh-test-models");
}
