using KnowledgeHub.TestSupport;
namespace KnowledgeHub.Store.Tests;

/// <summary>
/// Marks a compliance class whose inherited <see cref="StoreFactAttribute"/> tests need PostgreSQL; they are
/// skipped or failed exactly as <see cref="PostgresRequiredFactAttribute"/> tests are.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPostgresAttribute : Attribute, ITestClassSkip
{
    public string? SkipReason => PostgresAvailability.SkipReason;
}

/// <summary>A class-level reason to skip every <see cref="StoreFactAttribute"/> test of that class (null: run them).</summary>
public interface ITestClassSkip
{
    string? SkipReason { get; }
}
