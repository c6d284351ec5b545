using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace KnowledgeHub.Bench;

/// <summary>
/// CPU seconds this process used between two readings. On a shared machine a run's wall time measures the neighbours
/// as much as the code; its own CPU time does not (although ONNX Runtime's spinning threads inflate it under contention).
/// The JIT's share is reported apart: compiling (and tiered recompiling) is a one-time cost a long-running server has
/// paid long before, and a short run that still pays it measures the warm-up, not the pipeline.
/// </summary>
internal readonly record struct ProcessCpu(TimeSpan User, TimeSpan System, long AllocatedBytes, int Collections, TimeSpan Jit, long JitMethods)
{
    public double Seconds => (User + System).TotalSeconds;

    public static ProcessCpu Now()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessCpu(process.UserProcessorTime, process.PrivilegedProcessorTime, GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), JitInfo.GetCompilationTime(), JitInfo.GetCompiledMethodCount());
    }

    public ProcessCpu Since(ProcessCpu start) =>
        new(User - start.User, System - start.System, AllocatedBytes - start.AllocatedBytes, Collections - start.Collections, Jit - start.Jit, JitMethods - start.JitMethods);

    /// <summary>key=value pairs with <paramref name="prefix"/>, for the bench output lines.</summary>
    public string Describe(string prefix) => string.Create(CultureInfo.InvariantCulture,
        $"{prefix}cpu_s={Seconds:F1} {prefix}cpu_user_s={User.TotalSeconds:F1} {prefix}cpu_sys_s={System.TotalSeconds:F1} {prefix}alloc_mib={AllocatedBytes / 1048576.0:F0} {prefix}gen0={Collections} {prefix}jit_s={Jit.TotalSeconds:F1} {prefix}jit_methods={JitMethods}");
}
