namespace KnowledgeHub.Web.Cli;

/// <summary>The process exit codes of every verb; docs/operations.md lists them for scripts and service managers.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The verb ran but did not do all it was asked (a file failed to ingest, a migration or reindex failed).</summary>
    public const int Failed = 1;

    /// <summary>Unknown verb or bad arguments.</summary>
    public const int Usage = 2;

    /// <summary>A setting is invalid; the message names it.</summary>
    public const int Configuration = 3;

    /// <summary>Another KnowledgeHub process holds the data folder.</summary>
    public const int DataFolderInUse = 4;
}
