using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Infra.Onnx.Folders;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Infra.Tests.Onnx.Folders;

/// <summary>
/// Each kind of tokenizer.json, read through Microsoft.ML.Tokenizers, against ids derived here from the tokenizer's own
/// rules and reference files: WordPiece by greedy longest-match-first over vocab.txt, GPT-2 BPE by applying merges in
/// rank order to byte-level words and looking them up in vocab.json, Unigram by the best-scoring segmentation worked out
/// by hand.
/// </summary>
public sealed class TokenizerJsonTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("kh-tokenizers-").FullName;

    [Fact]
    public void A_WordPiece_tokenizer_json_of_MiniLM_gives_the_ids_of_greedy_longest_match_over_its_vocabulary()
    {
        var vocabPath = new ModelProvisioner(TestModelCache.Folder).Provision(EncoderModel.MiniLM).VocabPath;
        var vocab = File.ReadAllLines(vocabPath);
        var ids = vocab.Select((token, id) => (token, id)).ToDictionary(p => p.token, p => p.id, StringComparer.Ordinal);
        var path = Path.Combine(root, "tokenizer.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["added_tokens"] = new[] { Added(0, "[PAD]"), Added(100, "[UNK]"), Added(101, "[CLS]"), Added(102, "[SEP]") },
            ["normalizer"] = new { type = "BertNormalizer", clean_text = true, handle_chinese_chars = true, strip_accents = (bool?)null, lowercase = true },
            ["pre_tokenizer"] = new { type = "BertPreTokenizer" },
            ["post_processor"] = new
            {
                type = "TemplateProcessing",
                single = new object[] { Special("[CLS]", 0), Sequence("A", 0), Special("[SEP]", 0) },
                pair = new object[] { Special("[CLS]", 0), Sequence("A", 0), Special("[SEP]", 0), Sequence("B", 1), Special("[SEP]", 1) },
                special_tokens = new Dictionary<string, object>
                {
                    ["[CLS]"] = new { id = "[CLS]", ids = new[] { 101 }, tokens = new[] { "[CLS]" } },
                    ["[SEP]"] = new { id = "[SEP]", ids = new[] { 102 }, tokens = new[] { "[SEP]" } },
                },
            },
            ["model"] = new
            {
                type = "WordPiece",
                unk_token = "[UNK]",
                continuing_subword_prefix = "##",
                max_input_chars_per_word = 100,
                vocab = ids,
            },
        }));

        var tokenizer = TokenizerJson.Load(path);

        // BERT's basic tokenisation by hand: lower case, punctuation split off, then WordPiece on each word.
        string[] words = ["tokenization", "of", "unaffable", "words", "!"];
        int[] expected = [101, .. words.SelectMany(w => GreedyLongestMatch(w, ids)), 102];
        Assert.Equal(expected, tokenizer.Encode("Tokenization of unaffable words!", 512));
        Assert.Equal("WordPiece", tokenizer.Kind);
        Assert.Equal(0, tokenizer.PaddingId);
    }

    [SharedDataFact]
    public void A_BPE_tokenizer_json_of_GPT2_gives_the_ids_of_its_merges_applied_in_rank_order()
    {
        var folder = Path.Combine(SharedData.Root, "models", "tiny-random-gpt2-fp32");
        var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(folder, "vocab.json")))!;
        var merges = MergeRanks(Path.Combine(folder, "tokenizer.json"));
        const string text = "Hello world, tokenization isn't 2024's job!";

        var tokenizer = TokenizerJson.Load(Path.Combine(folder, "tokenizer.json"));

        var expected = Gpt2Words().Matches(text).SelectMany(m => ApplyMerges(ByteLevel(m.Value), merges)).Select(piece => vocab[piece]).ToArray();
        Assert.Equal(expected, tokenizer.Encode(text, 512));
        Assert.Equal("BPE", tokenizer.Kind);
    }

    [Fact]
    public void A_Unigram_tokenizer_json_gives_the_best_scoring_segmentation()
    {
        var path = Path.Combine(root, "tokenizer.json");
        (string, double)[] vocab =
        [
            ("<unk>", 0), ("▁", -3), ("▁hello", -2), ("▁he", -3), ("llo", -3), ("▁world", -2.5), ("▁wor", -1), ("ld", -1),
            ("h", -5), ("e", -5), ("l", -5), ("o", -5), ("w", -5), ("r", -5), ("d", -5), ("</s>", 0),
        ];
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["added_tokens"] = new[] { Added(0, "<unk>"), Added(15, "</s>") },
            ["normalizer"] = null,
            ["pre_tokenizer"] = new { type = "Metaspace", replacement = "▁", prepend_scheme = "always", split = true },
            ["post_processor"] = new
            {
                type = "TemplateProcessing",
                single = new object[] { Sequence("A", 0), Special("</s>", 0) },
                pair = new object[] { Sequence("A", 0), Special("</s>", 0), Sequence("B", 0), Special("</s>", 0) },
                special_tokens = new Dictionary<string, object> { ["</s>"] = new { id = "</s>", ids = new[] { 15 }, tokens = new[] { "</s>" } } },
            },
            ["model"] = new { type = "Unigram", unk_id = 0, vocab = vocab.Select(v => new object[] { v.Item1, v.Item2 }).ToArray() },
        }));

        var tokenizer = TokenizerJson.Load(path);

        // "▁hello": whole (-2) beats ▁he + llo (-6). "▁world": ▁wor + ld (-2) beats whole (-2.5), so longest match loses.
        Assert.Equal([2, 6, 7, 15], tokenizer.Encode("hello world", 512));
        Assert.Equal("Unigram", tokenizer.Kind);
    }

    [Fact]
    public void A_pair_is_truncated_from_its_longer_text_and_typed_by_the_template()
    {
        var folder = ShippedModelFolders.Write(EncoderModel.MiniLM, root);
        var tokenizer = ModelFolder.Open(folder).Tokenizer;

        var (ids, types) = tokenizer.EncodePair("short question", string.Join(' ', Enumerable.Repeat("passage", 50)), 12);

        Assert.Equal(12, ids.Count);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1], types);
    }

    [Fact]
    public void An_unsupported_model_type_fails_naming_the_file_and_the_type()
    {
        var path = Path.Combine(root, "tokenizer.json");
        File.WriteAllText(path, """{"model": {"type": "WordLevel", "vocab": {}}}""");

        var error = Assert.Throws<InvalidDataException>(() => TokenizerJson.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("WordLevel", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static IEnumerable<int> GreedyLongestMatch(string word, Dictionary<string, int> vocab)
    {
        var start = 0;
        while (start < word.Length)
        {
            var end = word.Length;
            while (end > start && !vocab.ContainsKey((start > 0 ? "##" : string.Empty) + word[start..end]))
            {
                end--;
            }

            if (end == start)
            {
                yield return vocab["[UNK]"];
                yield break;
            }

            yield return vocab[(start > 0 ? "##" : string.Empty) + word[start..end]];
            start = end;
        }
    }

    private static Dictionary<(string, string), int> MergeRanks(string tokenizerJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(tokenizerJson));
        var ranks = new Dictionary<(string, string), int>();
        var rank = 0;
        foreach (var merge in document.RootElement.GetProperty("model").GetProperty("merges").EnumerateArray())
        {
            var parts = merge.GetString()!.Split(' ');
            ranks.TryAdd((parts[0], parts[1]), rank++);
        }

        return ranks;
    }

    // GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest map to 256 + n in order.
    private static List<string> ByteLevel(string word)
    {
        var map = new Dictionary<byte, char>();
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[(byte)b] = printable ? (char)b : (char)next++;
        }

        return [.. Encoding.UTF8.GetBytes(word).Select(b => map[b].ToString())];
    }

    private static List<string> ApplyMerges(List<string> symbols, Dictionary<(string, string), int> ranks)
    {
        while (symbols.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < symbols.Count - 1; i++)
            {
                if (ranks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                {
                    best = i;
                    bestRank = rank;
                }
            }

            if (best < 0)
            {
                break;
            }

            symbols[best] += symbols[best + 1];
            symbols.RemoveAt(best + 1);
        }

        return symbols;
    }

    private static object Added(int id, string content) =>
        new { id, content, single_word = false, lstrip = false, rstrip = false, normalized = false, special = true };

    private static object Special(string id, int typeId) => new { SpecialToken = new { id, type_id = typeId } };

    private static object Sequence(string id, int typeId) => new { Sequence = new { id, type_id = typeId } };

    private static Regex Gpt2Words() => new(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant);
}
