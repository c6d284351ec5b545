using Google.Protobuf;

namespace KnowledgeHub.Infra.Onnx.Folders;

/// <summary>
/// Writes a Unigram vocabulary as a SentencePiece model (sentencepiece_model.proto), the only form in which
/// Microsoft.ML.Tokenizers takes a Unigram tokenizer. Field numbers are those of the .proto file.
/// </summary>
internal static class SentencePieceModel
{
    private const int Normal = 1;
    private const int Unknown = 2;
    private const int Control = 3;
    private const int UnigramModelType = 1;

    /// <param name="markers">Ids of the sentence start, end and padding pieces; Microsoft.ML.Tokenizers indexes the vocabulary
    /// with all three, so a model without one names its unknown piece there (nothing emits them: the template places markers).</param>
    public static byte[] Write(IReadOnlyList<(string Piece, float Score)> pieces, int unknownId, IReadOnlyCollection<int> controlIds, bool addDummyPrefix, (int Bos, int Eos, int Pad) markers)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        for (var id = 0; id < pieces.Count; id++)
        {
            var type = id == unknownId ? Unknown : controlIds.Contains(id) ? Control : Normal;
            WriteMessage(output, 1, piece =>
            {
                piece.WriteTag(1, WireFormat.WireType.LengthDelimited);
                piece.WriteString(pieces[id].Piece);
                piece.WriteTag(2, WireFormat.WireType.Fixed32);
                piece.WriteFloat(pieces[id].Score);
                piece.WriteTag(3, WireFormat.WireType.Varint);
                piece.WriteEnum(type);
            });
        }

        WriteMessage(output, 2, trainer =>
        {
            trainer.WriteTag(3, WireFormat.WireType.Varint);
            trainer.WriteEnum(UnigramModelType);
            trainer.WriteTag(40, WireFormat.WireType.Varint);
            trainer.WriteInt32(unknownId);
            trainer.WriteTag(41, WireFormat.WireType.Varint);
            trainer.WriteInt32(markers.Bos);
            trainer.WriteTag(42, WireFormat.WireType.Varint);
            trainer.WriteInt32(markers.Eos);
            trainer.WriteTag(43, WireFormat.WireType.Varint);
            trainer.WriteInt32(markers.Pad);
        });
        WriteMessage(output, 3, normalizer =>
        {
            normalizer.WriteTag(1, WireFormat.WireType.LengthDelimited);
            normalizer.WriteString("identity");
            normalizer.WriteTag(3, WireFormat.WireType.Varint);
            normalizer.WriteBool(addDummyPrefix);
            normalizer.WriteTag(4, WireFormat.WireType.Varint);
            normalizer.WriteBool(false);
            normalizer.WriteTag(5, WireFormat.WireType.Varint);
            normalizer.WriteBool(true);
        });
        output.Flush();
        return buffer.ToArray();
    }

    private static void WriteMessage(CodedOutputStream output, int field, Action<CodedOutputStream> write)
    {
        using var inner = new MemoryStream();
        var nested = new CodedOutputStream(inner);
        write(nested);
        nested.Flush();
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(inner.ToArray()));
    }
}
