namespace KnowledgeHub.Web.Tests;

/// <summary>
/// Tests that run the `ingest` verb: its Spectre.Console progress display may run only once at a time in a process, so
/// these classes never run in parallel with each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleVerbs
{
    public const string Name = "Console verbs";
}
