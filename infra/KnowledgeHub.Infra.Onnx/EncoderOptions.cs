using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>Settings of the ONNX sentence encoder, bound from <see cref="Section"/>.</summary>
public sealed class EncoderOptions
{
    public const string Section = "KnowledgeHub:Encoder";

    /// <summary>
    /// Model id, "all-MiniLM-L6-v2" (default) or "snowflake-arctic-embed-xs", or the path of a folder holding a Hugging
    /// Face style ONNX export (docs/models.md).
    /// </summary>
    [Required]
    [KnownEncoderModel]
    public string Model { get; set; } = EncoderModel.MiniLM.Id;

    /// <summary>
    /// Weights precision: "float32" (default) or "int8" (dynamically quantised from the float model at first use, about
    /// twice as fast on CPUs with VNNI; its vectors differ slightly, so it is a model of its own: "&lt;id&gt;-int8").
    /// </summary>
    [Required]
    [RegularExpression("^(float32|int8)$", ErrorMessage = "KnowledgeHub:Encoder:Precision must be 'float32' or 'int8'.")]
    public string Precision { get; set; } = FullPrecision;

    public const string FullPrecision = "float32";

    public const string Quantized = "int8";

    /// <summary>Try the CUDA execution provider first; falls back to CPU when CUDA cannot be loaded.</summary>
    public bool UseCuda { get; set; }

    /// <summary>
    /// Threads ONNX Runtime uses inside one inference run. 0 (the default): on a CPU one, with as many runs at once as
    /// there are processors (small runs, each on its own core, are the fastest way to use a CPU: docs/benchmarks.md); on a
    /// GPU one per processor. N: N threads per run and processors ÷ N runs at once.
    /// </summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's idle intra-op threads spin while waiting for work (false: they sleep). Spinning saves a
    /// little latency on cores the encoder has to itself, and wastes a core's time wherever ingestion, the index and
    /// the web server share them (about a quarter of ingestion's CPU time on two shared cores: docs/benchmarks.md). Only
    /// runs with more than one intra-op thread have idle threads: a GPU's, or <see cref="IntraOpThreads"/> above 1.
    /// </summary>
    public bool SpinWait { get; set; }

    /// <summary>
    /// Most texts in one inference run. Runs hold texts of similar length (padding at most a tenth of a run) and, on a
    /// CPU, at most one full-length text's tokens, so this bound matters mostly on a GPU.
    /// </summary>
    [Range(1, 4096)]
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Folder holding the SentenceTransformers.*.dll model sources; null means &lt;app folder&gt;/models,
    /// where the build copies them.
    /// </summary>
    public string? ModelSourceFolder { get; set; }

    /// <summary>These settings for another model and precision (every other setting carried over).</summary>
    public EncoderOptions For(string model, string precision)
    {
        var copy = (EncoderOptions)MemberwiseClone();
        copy.Model = model;
        copy.Precision = precision;
        return copy;
    }
}
