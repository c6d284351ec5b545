using System.Text.Json;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Infra.Tests.Onnx.Folders;

/// <summary>
/// Writes the two shipped encoders out as Hugging Face style model folders, the way a sentence-transformers export
/// lays them out: the graph and vocabulary from the package, the configuration files written here from the models'
/// published settings (all-MiniLM-L6-v2: mean pooling, 256 tokens; arctic-embed-xs: CLS pooling, 512 tokens, a query prompt).
/// </summary>
internal static class ShippedModelFolders
{
    public static string Write(EncoderModel model, string parent, string? name = null)
    {
        var files = new ModelProvisioner(TestModelCache.Folder).Provision(model);
        var folder = Path.Combine(parent, name ?? model.Id);
        Directory.CreateDirectory(Path.Combine(folder, "1_Pooling"));
        File.CreateSymbolicLink(Path.Combine(folder, "model.onnx"), files.ModelPath);
        File.Copy(files.VocabPath, Path.Combine(folder, "vocab.txt"));
        WriteJson(folder, "modules.json", new object[]
        {
            new { idx = 0, name = "0", path = "", type = "sentence_transformers.models.Transformer" },
            new { idx = 1, name = "1", path = "1_Pooling", type = "sentence_transformers.models.Pooling" },
            new { idx = 2, name = "2", path = "2_Normalize", type = "sentence_transformers.models.Normalize" },
        });
        WriteJson(folder, "1_Pooling/config.json", new Dictionary<string, object>
        {
            ["word_embedding_dimension"] = model.Dimensions,
            ["pooling_mode_cls_token"] = model.Pooling == EncoderPooling.Cls,
            ["pooling_mode_mean_tokens"] = model.Pooling == EncoderPooling.Mean,
            ["pooling_mode_max_tokens"] = false,
            ["pooling_mode_mean_sqrt_len_tokens"] = false,
        });
        WriteJson(folder, "sentence_bert_config.json", new { max_seq_length = model.MaxTokens, do_lower_case = false });
        WriteJson(folder, "tokenizer_config.json", new { do_lower_case = model.LowerCase });
        WriteJson(folder, "config_sentence_transformers.json", new { prompts = new { query = model.QueryPrefix, passage = "" }, default_prompt_name = (string?)null });
        return folder;
    }

    public static void WriteJson(string folder, string relativePath, object value) =>
        File.WriteAllText(Path.Combine(folder, relativePath), JsonSerializer.Serialize(value));
}
