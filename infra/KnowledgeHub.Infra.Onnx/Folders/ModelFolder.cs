using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace KnowledgeHub.Infra.Onnx.Folders;

/// <summary>
/// A model exported the Hugging Face way into a folder: the ONNX graph (model.onnx or onnx/model.onnx), the tokenizer
/// (tokenizer.json, or vocab.txt for BERT), and the sentence-transformers settings (modules.json, 1_Pooling/config.json,
/// sentence_bert_config.json, config_sentence_transformers.json), with knowledgehub-model.json overriding any of them.
/// Every error names the file that is missing or does not fit.
/// </summary>
public sealed class ModelFolder
{
    public const string OverrideFileName = "knowledgehub-model.json";

    private ModelFolder(string folder, string modelPath)
    {
        Folder = folder;
        ModelPath = modelPath;
    }

    public string Folder { get; }

    /// <summary>The ONNX graph: model.onnx, else onnx/model.onnx.</summary>
    public string ModelPath { get; private set; }

    /// <summary>The folder's name and the first 12 hex digits of a SHA-256 over the files read, so two different exports never share an index.</summary>
    public string Id { get; private set; } = string.Empty;

    public EncoderPooling Pooling { get; private set; } = EncoderPooling.Mean;

    /// <summary>Whether the model's own pipeline normalises (a Normalize module); vectors are normalised either way, as the index compares by dot product.</summary>
    public bool Normalize { get; private set; }

    /// <summary>Longest input in tokens, special tokens included; null when no file says.</summary>
    public int? MaxTokens { get; private set; }

    public string QueryPrefix { get; private set; } = string.Empty;

    public string PassagePrefix { get; private set; } = string.Empty;

    /// <summary>Languages the model was trained for (ISO 639-1, lower case); "en" unless knowledgehub-model.json declares others.</summary>
    public IReadOnlyList<string> Languages { get; private set; } = ["en"];

    /// <summary>Width of the sentence vector the configuration declares (1_Pooling/config.json), checked against the graph.</summary>
    public int? DeclaredDimensions { get; private set; }

    internal SequenceTokenizer Tokenizer { get; private set; } = null!;

    internal List<string> HashedFiles { get; } = [];

    /// <summary>Reads the folder's configuration and tokenizer (not the graph).</summary>
    /// <exception cref="FileNotFoundException">A required file is missing; the message names it.</exception>
    /// <exception cref="InvalidDataException">A file is malformed or contradicts another; the message names it.</exception>
    public static ModelFolder Open(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The model folder '{folder}' does not exist.");
        }

        var modelPath = FirstExisting(folder, "model.onnx", Path.Combine("onnx", "model.onnx"))
            ?? throw new FileNotFoundException($"The model folder '{folder}' holds no ONNX graph: expected model.onnx or onnx/model.onnx.", Path.Combine(folder, "model.onnx"));
        var result = new ModelFolder(folder, modelPath);
        result.HashedFiles.Add(modelPath);
        if (File.Exists(modelPath + "_data"))
        {
            result.HashedFiles.Add(modelPath + "_data");
        }

        result.ReadTokenizer();
        result.ReadSentenceTransformers();
        result.ReadOverride();
        result.Id = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(folder)}-{result.Hash()}");
        return result;
    }

    /// <summary>The same folder with its graph replaced (the int8 copy in the model cache); the id is unchanged.</summary>
    internal ModelFolder WithModelPath(string modelPath)
    {
        var copy = (ModelFolder)MemberwiseClone();
        copy.ModelPath = modelPath;
        return copy;
    }

    private void ReadTokenizer()
    {
        var json = Path.Combine(Folder, "tokenizer.json");
        if (File.Exists(json))
        {
            HashedFiles.Add(json);
            Tokenizer = TokenizerJson.Load(json);
            return;
        }

        var vocab = Path.Combine(Folder, "vocab.txt");
        if (!File.Exists(vocab))
        {
            throw new FileNotFoundException($"The model folder '{Folder}' holds no tokenizer: expected tokenizer.json, or vocab.txt for a BERT model.", json);
        }

        HashedFiles.Add(vocab);
        // tokenizer_config.json says what the tokenizer does (uncased BERT by default); sentence-transformers'
        // do_lower_case = true lower-cases in front of it.
        var lowerCase = !(ReadJson("tokenizer_config.json") is { } config && config.TryGetProperty("do_lower_case", out var lower) && lower.ValueKind == JsonValueKind.False)
            || (ReadJson("sentence_bert_config.json") is { } st && st.TryGetProperty("do_lower_case", out var stLower) && stLower.ValueKind == JsonValueKind.True);
        var tokenizer = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = lowerCase, RemoveNonSpacingMarks = lowerCase });
        Tokenizer = SequenceTokenizer.For(tokenizer, TokenTemplate.Bert(tokenizer.ClassificationTokenId, tokenizer.SeparatorTokenId));
    }

    private void ReadSentenceTransformers()
    {
        var poolingFolder = "1_Pooling";
        if (ReadJson("modules.json") is { } modules)
        {
            if (modules.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"'{Path.Combine(Folder, "modules.json")}' must be an array of modules.");
            }

            foreach (var module in modules.EnumerateArray())
            {
                var type = module.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty;
                if (type.EndsWith(".Pooling", StringComparison.Ordinal) && module.TryGetProperty("path", out var path))
                {
                    poolingFolder = path.GetString() ?? poolingFolder;
                }
                else if (type.EndsWith(".Normalize", StringComparison.Ordinal))
                {
                    Normalize = true;
                }
            }
        }

        var poolingConfig = Path.Combine(poolingFolder, "config.json");
        if (ReadJson(poolingConfig) is { } pooling)
        {
            Pooling = PoolingOf(pooling, Path.Combine(Folder, poolingConfig));
            if (pooling.TryGetProperty("word_embedding_dimension", out var width) && width.ValueKind == JsonValueKind.Number)
            {
                DeclaredDimensions = width.GetInt32();
            }
        }

        if (ReadJson("sentence_bert_config.json") is { } bert && bert.TryGetProperty("max_seq_length", out var max) && max.ValueKind == JsonValueKind.Number)
        {
            MaxTokens = max.GetInt32();
        }

        if (ReadJson("config_sentence_transformers.json") is { } st && st.TryGetProperty("prompts", out var prompts) && prompts.ValueKind == JsonValueKind.Object)
        {
            QueryPrefix = Prompt(prompts, "query") ?? QueryPrefix;
            PassagePrefix = Prompt(prompts, "passage") ?? Prompt(prompts, "document") ?? PassagePrefix;
        }

        if (MaxTokens is null && ReadJson("config.json") is { } config && config.TryGetProperty("max_position_embeddings", out var positions) && positions.ValueKind == JsonValueKind.Number)
        {
            MaxTokens = positions.GetInt32();
        }
    }

    private void ReadOverride()
    {
        if (ReadJson(OverrideFileName) is not { } own)
        {
            return;
        }

        var path = Path.Combine(Folder, OverrideFileName);
        foreach (var property in own.EnumerateObject())
        {
            switch (property.Name)
            {
                case "pooling":
                    Pooling = property.Value.GetString() switch
                    {
                        "mean" => EncoderPooling.Mean,
                        "cls" => EncoderPooling.Cls,
                        "lasttoken" or "last_token" => EncoderPooling.LastToken,
                        var other => throw new InvalidDataException($"'{path}': pooling \"{other}\" is not one of \"mean\", \"cls\", \"lasttoken\"."),
                    };
                    break;
                case "normalize":
                    Normalize = property.Value.GetBoolean();
                    break;
                case "maxTokens":
                    MaxTokens = property.Value.GetInt32() is > 0 and var m ? m : throw new InvalidDataException($"'{path}': maxTokens must be positive.");
                    break;
                case "queryPrefix":
                    QueryPrefix = property.Value.GetString() ?? string.Empty;
                    break;
                case "passagePrefix":
                    PassagePrefix = property.Value.GetString() ?? string.Empty;
                    break;
                case "languages":
                    Languages = [.. property.Value.EnumerateArray().Select(l => (l.GetString() ?? string.Empty).Trim().ToLowerInvariant()).Where(l => l.Length > 0)];
                    if (Languages.Count == 0)
                    {
                        throw new InvalidDataException($"'{path}': languages must name at least one language.");
                    }

                    break;
                default:
                    throw new InvalidDataException($"'{path}': unknown setting \"{property.Name}\" (known: pooling, normalize, maxTokens, queryPrefix, passagePrefix, languages).");
            }
        }
    }

    private static EncoderPooling PoolingOf(JsonElement config, string path)
    {
        var modes = new List<EncoderPooling>();
        if (Flag(config, "pooling_mode_mean_tokens"))
        {
            modes.Add(EncoderPooling.Mean);
        }

        if (Flag(config, "pooling_mode_cls_token"))
        {
            modes.Add(EncoderPooling.Cls);
        }

        if (Flag(config, "pooling_mode_lasttoken"))
        {
            modes.Add(EncoderPooling.LastToken);
        }

        foreach (var unsupported in (string[])["pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens"])
        {
            if (Flag(config, unsupported))
            {
                throw new InvalidDataException($"'{path}' asks for {unsupported}, which KnowledgeHub does not implement (mean, CLS and last-token pooling are).");
            }
        }

        return modes.Count == 1
            ? modes[0]
            : throw new InvalidDataException($"'{path}' must turn on exactly one of pooling_mode_mean_tokens, pooling_mode_cls_token, pooling_mode_lasttoken.");
    }

    private static bool Flag(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string? Prompt(JsonElement prompts, string name) =>
        prompts.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private JsonElement? ReadJson(string relativePath)
    {
        var path = Path.Combine(Folder, relativePath);
        if (!File.Exists(path))
        {
            return null;
        }

        if (!HashedFiles.Contains(path))
        {
            HashedFiles.Add(path);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }
    }

    private string Hash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var file in HashedFiles.Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(Folder, file).Replace('\\', '/') + "\n"));
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, buffer.Length);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private static string? FirstExisting(string folder, params string[] candidates) =>
        candidates.Select(c => Path.Combine(folder, c)).FirstOrDefault(File.Exists);
}
