using System.Text.Json;
using Google.Protobuf;
using KnowledgeHub.Infra.Onnx;
using Onnx;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench model-folders &lt;out&gt;`: writes the shipped MiniLM as a Hugging Face style folder (&lt;out&gt;/minilm) and a
/// cross-encoder made of MiniLM's layers and a fixed pseudo-random linear head on the [CLS] state
/// (&lt;out&gt;/minilm-cross-encoder), so folder-model and cross-encoder throughput can be measured on machines that have no
/// other weights. The head is untrained: the figures are plumbing (cost), not quality.
/// </summary>
public static class PlumbingModelFolders
{
    private const int Hidden = 384;

    public static (string Encoder, string CrossEncoder) Write(string output, string modelCache)
    {
        var files = new ModelProvisioner(modelCache).Provision(EncoderModel.MiniLM);
        var encoder = Path.Combine(output, "minilm");
        Directory.CreateDirectory(Path.Combine(encoder, "1_Pooling"));
        File.Copy(files.ModelPath, Path.Combine(encoder, "model.onnx"), overwrite: true);
        File.Copy(files.VocabPath, Path.Combine(encoder, "vocab.txt"), overwrite: true);
        WriteJson(Path.Combine(encoder, "modules.json"), new object[]
        {
            new { idx = 0, name = "0", path = "", type = "sentence_transformers.models.Transformer" },
            new { idx = 1, name = "1", path = "1_Pooling", type = "sentence_transformers.models.Pooling" },
            new { idx = 2, name = "2", path = "2_Normalize", type = "sentence_transformers.models.Normalize" },
        });
        WriteJson(Path.Combine(encoder, "1_Pooling", "config.json"), new { word_embedding_dimension = Hidden, pooling_mode_mean_tokens = true });
        WriteJson(Path.Combine(encoder, "sentence_bert_config.json"), new { max_seq_length = EncoderModel.MiniLM.MaxTokens, do_lower_case = false });

        var crossEncoder = Path.Combine(output, "minilm-cross-encoder");
        Directory.CreateDirectory(crossEncoder);
        ModelProto model;
        using (var input = File.OpenRead(files.ModelPath))
        {
            model = ModelProto.Parser.ParseFrom(input);
        }

        AppendHead(model.Graph);
        using (var target = File.Create(Path.Combine(crossEncoder, "model.onnx")))
        {
            model.WriteTo(target);
        }

        File.Copy(files.VocabPath, Path.Combine(crossEncoder, "vocab.txt"), overwrite: true);
        WriteJson(Path.Combine(crossEncoder, "sentence_bert_config.json"), new { max_seq_length = 512 });
        return (encoder, crossEncoder);
    }

    // logits = last_hidden_state[:, 0, :] · w + b, the shape of a BERT sequence-classification head with one label.
    private static void AppendHead(GraphProto graph)
    {
        var random = new Random(42);
        var weights = Enumerable.Range(0, Hidden).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        graph.Initializer.Add(Tensor("kh_cls_index", TensorProto.Types.DataType.Int64, [], BitConverter.GetBytes(0L)));
        graph.Initializer.Add(Tensor("kh_head_w", TensorProto.Types.DataType.Float, [Hidden, 1], [.. weights.SelectMany(BitConverter.GetBytes)]));
        graph.Initializer.Add(Tensor("kh_head_b", TensorProto.Types.DataType.Float, [1], BitConverter.GetBytes(0f)));
        var gather = new NodeProto { Name = "kh_cls", OpType = "Gather" };
        gather.Input.AddRange(["last_hidden_state", "kh_cls_index"]);
        gather.Output.Add("kh_cls_state");
        gather.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        var matMul = new NodeProto { Name = "kh_head", OpType = "MatMul" };
        matMul.Input.AddRange(["kh_cls_state", "kh_head_w"]);
        matMul.Output.Add("kh_head_out");
        var add = new NodeProto { Name = "kh_bias", OpType = "Add" };
        add.Input.AddRange(["kh_head_out", "kh_head_b"]);
        add.Output.Add("logits");
        graph.Node.AddRange([gather, matMul, add]);
        var logits = new ValueInfoProto
        {
            Name = "logits",
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() } },
        };
        logits.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        logits.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
        graph.Output.Clear();
        graph.Output.Add(logits);
    }

    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, long[] dims, byte[] raw)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static void WriteJson(string path, object value) => File.WriteAllText(path, JsonSerializer.Serialize(value));
}
