using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace KnowledgeHub.Infra.Onnx.Folders;

/// <summary>
/// Reads a Hugging Face tokenizer.json (WordPiece, BPE or Unigram model) into a Microsoft.ML.Tokenizers tokenizer with
/// the special-token template of its post-processor. Only what these models use is read; anything the product cannot
/// reproduce faithfully fails with the file and the part named.
/// </summary>
internal static partial class TokenizerJson
{
    public static SequenceTokenizer Load(string path)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }

        if (!root.TryGetProperty("model", out var model) || Text(model, "type") is not { } type)
        {
            throw new InvalidDataException($"'{path}' has no model.type; expected \"WordPiece\", \"BPE\" or \"Unigram\".");
        }

        var added = AddedTokens(root);
        return type switch
        {
            "WordPiece" => WordPiece(path, root, model, added),
            "BPE" => Bpe(path, root, model, added),
            "Unigram" => Unigram(path, root, model, added),
            _ => throw new InvalidDataException($"'{path}' declares model.type \"{type}\"; supported: \"WordPiece\", \"BPE\", \"Unigram\"."),
        };
    }

    private static SequenceTokenizer WordPiece(string path, JsonElement root, JsonElement model, Dictionary<string, int> added)
    {
        var vocab = VocabularyLines(path, model);
        var normalizer = root.TryGetProperty("normalizer", out var n) && n.ValueKind == JsonValueKind.Object ? n : default;
        var lowerCase = normalizer.ValueKind == JsonValueKind.Object && Flag(normalizer, "lowercase", false);
        var stripAccents = normalizer.ValueKind == JsonValueKind.Object && normalizer.TryGetProperty("strip_accents", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? s.GetBoolean()
            : lowerCase;
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = stripAccents,
            IndividuallyTokenizeCjk = normalizer.ValueKind != JsonValueKind.Object || Flag(normalizer, "handle_chinese_chars", true),
            UnknownToken = Text(model, "unk_token") ?? "[UNK]",
            ContinuingSubwordPrefix = Text(model, "continuing_subword_prefix") ?? "##",
        };
        if (model.TryGetProperty("max_input_chars_per_word", out var max) && max.ValueKind == JsonValueKind.Number)
        {
            options.MaxInputCharsPerWord = max.GetInt32();
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', vocab)));
        var tokenizer = BertTokenizer.Create(stream, options);
        var template = Template(path, root, added) ?? TokenTemplate.Bert(tokenizer.ClassificationTokenId, tokenizer.SeparatorTokenId);
        return new SequenceTokenizer(
            (text, maxTokens) => tokenizer.EncodeToIds(text, maxTokens, addSpecialTokens: false, out _, out _),
            text => tokenizer.CountTokens(text),
            template,
            PaddingId(root, added) ?? tokenizer.PaddingTokenId,
            "WordPiece");
    }

    private static SequenceTokenizer Bpe(string path, JsonElement root, JsonElement model, Dictionary<string, int> added)
    {
        if (!model.TryGetProperty("vocab", out var vocabElement) || vocabElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"'{path}' has no model.vocab object for its BPE model.");
        }

        var vocab = vocabElement.EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())).ToList();
        var merges = new List<string>();
        if (model.TryGetProperty("merges", out var mergesElement))
        {
            foreach (var merge in mergesElement.EnumerateArray())
            {
                // Older files write "a b", newer ones ["a", "b"].
                merges.Add(merge.ValueKind == JsonValueKind.Array ? string.Join(' ', merge.EnumerateArray().Select(m => m.GetString())) : merge.GetString()!);
            }
        }

        var byteLevel = Uses(root, "pre_tokenizer", "ByteLevel");
        var specialTokens = added.Count == 0 ? null : added;
        var options = new BpeOptions(vocab)
        {
            Merges = merges,
            ByteLevel = byteLevel,
            UnknownToken = Text(model, "unk_token"),
            ContinuingSubwordPrefix = Text(model, "continuing_subword_prefix") is { Length: > 0 } prefix ? prefix : null,
            EndOfWordSuffix = Text(model, "end_of_word_suffix") is { Length: > 0 } suffix ? suffix : null,
            FuseUnknownTokens = Flag(model, "fuse_unk", false),
            SpecialTokens = specialTokens,
            // GPT-2's split: contractions, letters, digits, other symbols, each with the space before it.
            PreTokenizer = byteLevel
                ? new RegexPreTokenizer(Gpt2Split(), specialTokens)
                : PreTokenizer.CreateWhiteSpace(specialTokens),
        };
        var tokenizer = BpeTokenizer.Create(options);
        return SequenceTokenizer.For(tokenizer, Template(path, root, added) ?? TokenTemplate.None, PaddingId(root, added) ?? 0, "BPE");
    }

    private static SequenceTokenizer Unigram(string path, JsonElement root, JsonElement model, Dictionary<string, int> added)
    {
        if (!model.TryGetProperty("vocab", out var vocabElement) || vocabElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"'{path}' has no model.vocab array of [piece, score] pairs for its Unigram model.");
        }

        var pieces = new List<(string Piece, float Score)>();
        foreach (var entry in vocabElement.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 2)
            {
                throw new InvalidDataException($"'{path}': every model.vocab entry of a Unigram model must be [piece, score].");
            }

            pieces.Add((entry[0].GetString()!, entry[1].GetSingle()));
        }

        int? unknownId = model.TryGetProperty("unk_id", out var unk) && unk.ValueKind == JsonValueKind.Number ? unk.GetInt32() : null;
        if (unknownId is null || unknownId < 0 || unknownId >= pieces.Count)
        {
            throw new InvalidDataException($"'{path}': a Unigram model needs model.unk_id, the index of its unknown piece.");
        }

        // The Metaspace pre-tokenizer puts "▁" before the first word unless told not to.
        var addDummyPrefix = !Uses(root, "pre_tokenizer", "Metaspace") || MetaspacePrefix(root);
        int Marker(params string[] names) => names.Select(n => pieces.FindIndex(p => p.Piece == n)).FirstOrDefault(i => i >= 0, unknownId.Value);
        var markers = (Marker("<s>", "[CLS]"), Marker("</s>", "[SEP]"), Marker("<pad>", "[PAD]"));
        var proto = SentencePieceModel.Write(pieces, unknownId.Value, [.. added.Values], addDummyPrefix, markers);
        using var stream = new MemoryStream(proto);
        var tokenizer = SentencePieceTokenizer.Create(stream, false, false);
        return SequenceTokenizer.For(tokenizer, Template(path, root, added) ?? TokenTemplate.None, PaddingId(root, added) ?? 0, "Unigram");
    }

    private static List<string> VocabularyLines(string path, JsonElement model)
    {
        if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"'{path}' has no model.vocab object for its WordPiece model.");
        }

        var lines = new string?[vocab.EnumerateObject().Count()];
        foreach (var entry in vocab.EnumerateObject())
        {
            var id = entry.Value.GetInt32();
            if (id < 0 || id >= lines.Length || lines[id] is not null)
            {
                throw new InvalidDataException($"'{path}': model.vocab ids must be 0..{lines.Length - 1}, each once (\"{entry.Name}\" has {id}).");
            }

            lines[id] = entry.Name;
        }

        return [.. lines.Select(l => l!)];
    }

    private static TokenTemplate? Template(string path, JsonElement root, Dictionary<string, int> added)
    {
        if (!root.TryGetProperty("post_processor", out var processor) || processor.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        switch (Text(processor, "type"))
        {
            case "TemplateProcessing":
                return new TokenTemplate(Pieces(path, processor, "single", added), Pieces(path, processor, "pair", added));
            case "BertProcessing":
                return TokenTemplate.Bert(SpecialPair(path, processor, "cls"), SpecialPair(path, processor, "sep"));
            case "RobertaProcessing":
                return TokenTemplate.Roberta(SpecialPair(path, processor, "cls"), SpecialPair(path, processor, "sep"));
            case "Sequence":
                foreach (var inner in processor.GetProperty("processors").EnumerateArray())
                {
                    var wrapped = JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement> { ["post_processor"] = inner });
                    if (Template(path, wrapped, added) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static List<TokenTemplate.Piece> Pieces(string path, JsonElement processor, string name, Dictionary<string, int> added)
    {
        var specials = processor.TryGetProperty("special_tokens", out var s) ? s : default;
        var pieces = new List<TokenTemplate.Piece>();
        foreach (var item in processor.GetProperty(name).EnumerateArray())
        {
            if (item.TryGetProperty("Sequence", out var sequence))
            {
                var which = Text(sequence, "id") == "B" ? 'B' : 'A';
                pieces.Add(new TokenTemplate.Piece(null, which, sequence.GetProperty("type_id").GetInt32()));
            }
            else if (item.TryGetProperty("SpecialToken", out var special))
            {
                var token = Text(special, "id")!;
                IReadOnlyList<int> ids = specials.ValueKind == JsonValueKind.Object && specials.TryGetProperty(token, out var declared)
                    ? [.. declared.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32())]
                    : added.TryGetValue(token, out var id) ? [id] : throw new InvalidDataException($"'{path}': post_processor.{name} names the special token \"{token}\", which the file does not define.");
                pieces.Add(new TokenTemplate.Piece(ids, '\0', special.GetProperty("type_id").GetInt32()));
            }
        }

        return pieces;
    }

    private static int SpecialPair(string path, JsonElement processor, string name) =>
        processor.TryGetProperty(name, out var pair) && pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2
            ? pair[1].GetInt32()
            : throw new InvalidDataException($"'{path}': post_processor.{name} must be [token, id].");

    private static Dictionary<string, int> AddedTokens(JsonElement root)
    {
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out var tokens) && tokens.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in tokens.EnumerateArray().Where(t => Flag(t, "special", false)))
            {
                added[token.GetProperty("content").GetString()!] = token.GetProperty("id").GetInt32();
            }
        }

        return added;
    }

    private static int? PaddingId(JsonElement root, Dictionary<string, int> added)
    {
        if (root.TryGetProperty("padding", out var padding) && padding.ValueKind == JsonValueKind.Object
            && padding.TryGetProperty("pad_id", out var id) && id.ValueKind == JsonValueKind.Number)
        {
            return id.GetInt32();
        }

        foreach (var name in (string[])["[PAD]", "<pad>"])
        {
            if (added.TryGetValue(name, out var found))
            {
                return found;
            }
        }

        return null;
    }

    private static bool MetaspacePrefix(JsonElement root)
    {
        var pre = root.GetProperty("pre_tokenizer");
        var metaspace = Text(pre, "type") == "Metaspace" ? pre : pre.GetProperty("pretokenizers").EnumerateArray().First(p => Text(p, "type") == "Metaspace");
        return Text(metaspace, "prepend_scheme") is { } scheme ? scheme != "never" : Flag(metaspace, "add_prefix_space", true);
    }

    /// <summary>Whether the named component is of <paramref name="type"/>, alone or inside a Sequence.</summary>
    private static bool Uses(JsonElement root, string component, string type)
    {
        if (!root.TryGetProperty(component, out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        return Text(element, "type") == type
            || (element.TryGetProperty("pretokenizers", out var inner) && inner.EnumerateArray().Any(p => Text(p, "type") == type));
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement element, string name, bool fallback) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : fallback;

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Gpt2Split();
}
