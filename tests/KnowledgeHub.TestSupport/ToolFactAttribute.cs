namespace KnowledgeHub.TestSupport;

/// <summary>A fact that drives an operating-system program: skipped, with the reason counted by CI, where the program is missing.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string program)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(program))
        {
            Skip = $"{program} is not installed here (Linux only); this test needs it.";
        }
    }
}
