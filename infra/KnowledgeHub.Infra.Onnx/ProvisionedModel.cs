namespace KnowledgeHub.Infra.Onnx;

/// <summary>The extracted files of one encoder model in the model cache.</summary>
public sealed record ProvisionedModel(EncoderModel Model, string Folder, string ModelPath, string VocabPath);
