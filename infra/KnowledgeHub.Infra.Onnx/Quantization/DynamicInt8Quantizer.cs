using Google.Protobuf;
using Onnx;

namespace KnowledgeHub.Infra.Onnx.Quantization;

/// <summary>
/// Dynamic int8 quantisation of an encoder graph, done here because no quantisation tool can be installed on the
/// target machines: every MatMul whose right operand is a float weight matrix becomes
/// DynamicQuantizeLinear(A) -> MatMulInteger(A_q, W_q) -> Cast -> Mul(A_scale * W_scale), the pattern ONNX Runtime's
/// own dynamic quantiser writes and its graph optimiser fuses into one int8 kernel (VNNI where the CPU has it).
/// Weights are quantised symmetrically per output column, which keeps cosine similarities within about 1% of the float
/// model; activations are quantised per call, so no calibration data is needed.
/// </summary>
public static class DynamicInt8Quantizer
{
    private const string Suffix = "_kh_int8";

    /// <summary>Returns a quantised copy of <paramref name="model"/> and how many MatMuls were quantised.</summary>
    public static (ModelProto Model, int QuantizedMatMuls) Quantize(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = model.Clone();
        var graph = result.Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var quantizedInputs = new Dictionary<string, (string Q, string Scale, string ZeroPoint)>(StringComparer.Ordinal);
        var replacedWeights = new HashSet<string>(StringComparer.Ordinal);
        var nodes = new List<NodeProto>(graph.Node.Count * 2);
        var count = 0;

        foreach (var node in graph.Node)
        {
            if (!IsQuantizable(node, initializers))
            {
                nodes.Add(node);
                continue;
            }

            var input = node.Input[0];
            var weightName = node.Input[1];
            if (!quantizedInputs.TryGetValue(input, out var a))
            {
                // Q, K and V read the same activation: quantise it once.
                a = ($"{input}{Suffix}_q", $"{input}{Suffix}_scale", $"{input}{Suffix}_zp");
                nodes.Add(Node("DynamicQuantizeLinear", $"{input}{Suffix}_dql", [input], [a.Q, a.Scale, a.ZeroPoint]));
                quantizedInputs[input] = a;
            }

            var (weightQ, weightScale, weightZeroPoint) = QuantizeWeight(initializers[weightName]);
            graph.Initializer.Add(weightQ);
            graph.Initializer.Add(weightScale);
            graph.Initializer.Add(weightZeroPoint);
            replacedWeights.Add(weightName);

            var name = string.IsNullOrEmpty(node.Name) ? $"{node.Output[0]}_matmul" : node.Name;
            var integer = $"{name}{Suffix}_i32";
            var asFloat = $"{name}{Suffix}_f32";
            var scale = $"{name}{Suffix}_scale";
            nodes.Add(Node("MatMulInteger", $"{name}{Suffix}", [a.Q, weightQ.Name, a.ZeroPoint, weightZeroPoint.Name], [integer]));
            var cast = Node("Cast", $"{name}{Suffix}_cast", [integer], [asFloat]);
            cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
            nodes.Add(cast);
            nodes.Add(Node("Mul", $"{name}{Suffix}_scales", [a.Scale, weightScale.Name], [scale]));
            nodes.Add(Node("Mul", $"{name}{Suffix}_rescale", [asFloat, scale], [node.Output[0]]));
            count++;
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        RemoveUnused(graph, replacedWeights);
        return (result, count);
    }

    /// <summary>Reads <paramref name="sourcePath"/>, quantises it and writes <paramref name="targetPath"/>; returns the quantised MatMul count.</summary>
    public static int QuantizeFile(string sourcePath, string targetPath)
    {
        ModelProto model;
        using (var input = File.OpenRead(sourcePath))
        {
            model = ModelProto.Parser.ParseFrom(input);
        }

        var (quantized, count) = Quantize(model);
        if (count == 0)
        {
            throw new InvalidDataException($"'{sourcePath}' has no MatMul with a constant float weight matrix; there is nothing to quantise.");
        }

        using var output = File.Create(targetPath);
        quantized.WriteTo(output);
        return count;
    }

    private static bool IsQuantizable(NodeProto node, Dictionary<string, TensorProto> initializers) =>
        node.OpType == "MatMul" && string.IsNullOrEmpty(node.Domain) && node.Input.Count == 2
        && initializers.TryGetValue(node.Input[1], out var weight)
        && weight.DataType == (int)TensorProto.Types.DataType.Float && weight.Dims.Count == 2
        && weight.RawData.Length == weight.Dims[0] * weight.Dims[1] * sizeof(float);

    // Symmetric per column: zero point 0 keeps MatMulInteger on its fast path, and per-column scales follow the large
    // spread of column magnitudes in transformer weights.
    private static (TensorProto Q, TensorProto Scale, TensorProto ZeroPoint) QuantizeWeight(TensorProto weight)
    {
        var rows = (int)weight.Dims[0];
        var columns = (int)weight.Dims[1];
        var values = new float[rows * columns];
        weight.RawData.Span.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));

        var scales = new float[columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                scales[c] = Math.Max(scales[c], Math.Abs(values[(r * columns) + c]));
            }
        }

        for (var c = 0; c < columns; c++)
        {
            scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        }

        var quantized = new byte[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var q = (int)MathF.Round(values[(r * columns) + c] / scales[c], MidpointRounding.ToEven);
                quantized[(r * columns) + c] = unchecked((byte)(sbyte)Math.Clamp(q, -127, 127));
            }
        }

        var q8 = new TensorProto { Name = weight.Name + Suffix, DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(quantized) };
        q8.Dims.AddRange([rows, columns]);
        var scale = new TensorProto { Name = weight.Name + Suffix + "_scale", DataType = (int)TensorProto.Types.DataType.Float };
        scale.Dims.Add(columns);
        scale.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(scales.AsSpan()));
        var zeroPoint = new TensorProto { Name = weight.Name + Suffix + "_zp", DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(new byte[columns]) };
        zeroPoint.Dims.Add(columns);
        return (q8, scale, zeroPoint);
    }

    private static NodeProto Node(string opType, string name, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    private static void RemoveUnused(GraphProto graph, HashSet<string> candidates)
    {
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        for (var i = graph.Initializer.Count - 1; i >= 0; i--)
        {
            if (candidates.Contains(graph.Initializer[i].Name) && !used.Contains(graph.Initializer[i].Name))
            {
                graph.Initializer.RemoveAt(i);
            }
        }
    }
}
