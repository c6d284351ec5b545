namespace KnowledgeHub.TestSupport;

/// <summary>A fact that needs `../shared`: skipped with a reason when it is absent, except on CI where the test runs and fails.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.RootOrNull is null && !SharedData.IsCi)
        {
            Skip = "../shared (test data) is not present beside the checkout; set KNOWLEDGEHUB_SHARED to run this test.";
        }
    }
}

/// <summary>A theory that needs `../shared`; see <see cref="SharedDataFactAttribute"/>.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (SharedData.RootOrNull is null && !SharedData.IsCi)
        {
            Skip = "../shared (test data) is not present beside the checkout; set KNOWLEDGEHUB_SHARED to run this test.";
        }
    }
}
