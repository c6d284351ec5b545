using System.Runtime.InteropServices;

namespace KnowledgeHub.Web.Tests;

/// <summary>POSIX kill(2): .NET can only send SIGKILL to another process, and a graceful stop needs SIGTERM.</summary>
internal static class NativeSignals
{
    public const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int sig);
}
