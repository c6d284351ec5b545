namespace KnowledgeHub.Infra.Tests.Onnx;

/// <summary>
/// Model cache shared by encoder tests. It lives in the test output folder so the models are extracted
/// once per build, not once per test class, and nothing is left behind in the system temp folder.
/// </summary>
public static class TestModelCache
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "model-cache");
}
