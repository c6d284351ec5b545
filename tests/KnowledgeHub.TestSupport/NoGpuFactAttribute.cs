namespace KnowledgeHub.TestSupport;

/// <summary>
/// A fact about behaviour without a GPU: skipped where an NVIDIA driver is present, since a working CUDA stack has
/// nothing to fall back from.
/// </summary>
public sealed class NoGpuFactAttribute : FactAttribute
{
    public NoGpuFactAttribute()
    {
        if (File.Exists("/dev/nvidia0") || File.Exists("/proc/driver/nvidia/version"))
        {
            Skip = "An NVIDIA GPU driver is present: CUDA does not fall back to the CPU here.";
        }
    }
}
