namespace KnowledgeHub.Infra.Onnx;

/// <summary>How token states become one sentence vector; fixed by how each model was trained.</summary>
public enum EncoderPooling
{
    /// <summary>Average of the token states under the attention mask.</summary>
    Mean,

    /// <summary>The state of the leading [CLS] token.</summary>
    Cls,

    /// <summary>The state of the last real token (decoder-style embedding models such as Qwen3-Embedding).</summary>
    LastToken,
}
