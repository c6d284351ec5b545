namespace KnowledgeHub.Infra.Qdrant.Tests.Compliance;

/// <summary>
/// Marks a compliance class that needs a live Qdrant at QDRANT_URL (its gRPC endpoint, e.g. http://localhost:6334).
/// No Qdrant server can be installed on the machines that build this repository, so without the variable the
/// tests are reported as skipped with that reason, on CI as well: they never pass without having run.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresQdrantAttribute : Attribute
{
    public const string Variable = "QDRANT_URL";

    public static string? Url => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url ? url : null;

    public static string? SkipReason => Url is null
        ? $"{Variable} not set: Qdrant compliance suite not run — no Qdrant server can run on this machine (start one, e.g. `docker compose -f infra/compose.yaml up qdrant`, and set {Variable}=http://localhost:6334)"
        : null;
}
