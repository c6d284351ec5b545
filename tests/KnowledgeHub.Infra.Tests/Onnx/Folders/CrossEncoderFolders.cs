using Google.Protobuf;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.TestSupport;
using Onnx;

namespace KnowledgeHub.Infra.Tests.Onnx.Folders;

/// <summary>
/// Builds a cross-encoder the way sequence-classification models are made: MiniLM's transformer layers with a linear
/// head on the [CLS] state whose weights the test chooses (logits = cls · w + b), written into a model folder beside
/// MiniLM's vocabulary.
/// </summary>
internal static class CrossEncoderFolders
{
    public const int Hidden = 384;

    /// <param name="inputIdsName">The name the graph gives its token id input (a wrong one tests the start-up check).</param>
    public static string Write(string parent, string name, float[] weights, float bias, string inputIdsName = "input_ids")
    {
        var files = new ModelProvisioner(TestModelCache.Folder).Provision(EncoderModel.MiniLM);
        ModelProto model;
        using (var input = File.OpenRead(files.ModelPath))
        {
            model = ModelProto.Parser.ParseFrom(input);
        }

        var graph = model.Graph;
        graph.Initializer.Add(Tensor("kh_cls_index", TensorProto.Types.DataType.Int64, [], BitConverter.GetBytes(0L)));
        graph.Initializer.Add(Tensor("kh_head_w", TensorProto.Types.DataType.Float, [Hidden, 1], [.. weights.SelectMany(BitConverter.GetBytes)]));
        graph.Initializer.Add(Tensor("kh_head_b", TensorProto.Types.DataType.Float, [1], BitConverter.GetBytes(bias)));
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

        var logits = new ValueInfoProto { Name = "logits", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() } } };
        logits.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        logits.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
        graph.Output.Clear();
        graph.Output.Add(logits);

        if (inputIdsName != "input_ids")
        {
            graph.Input.Single(i => i.Name == "input_ids").Name = inputIdsName;
            foreach (var node in graph.Node)
            {
                for (var i = 0; i < node.Input.Count; i++)
                {
                    if (node.Input[i] == "input_ids")
                    {
                        node.Input[i] = inputIdsName;
                    }
                }
            }
        }

        var folder = Path.Combine(parent, name);
        Directory.CreateDirectory(folder);
        using (var output = File.Create(Path.Combine(folder, "model.onnx")))
        {
            model.WriteTo(output);
        }

        File.Copy(files.VocabPath, Path.Combine(folder, "vocab.txt"));
        return folder;
    }

    /// <summary>A head that is a fixed pseudo-random direction of the [CLS] state.</summary>
    public static float[] Head(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, Hidden).Select(_ => (float)(random.NextDouble() - 0.5))];
    }

    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, long[] dims, byte[] raw)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
