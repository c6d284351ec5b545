using System.Text;

namespace KnowledgeHub.Ingestion.Tests.Chunking;

/// <summary>
/// A stand-in for the encoder's tokenizer, so these tests do not depend on a model: every CJK character is one
/// token, and so is every whitespace-separated run of other characters.
/// </summary>
internal static class TestTokens
{
    public static int Count(string text)
    {
        var tokens = 0;
        var inWord = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsCjk(rune))
            {
                tokens++;
                inWord = false;
            }
            else if (Rune.IsWhiteSpace(rune))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                tokens++;
                inWord = true;
            }
        }

        return tokens;
    }

    public static bool IsCjk(Rune rune) => rune.Value is >= 0x3000 and <= 0x303F or >= 0x3400 and <= 0x9FFF or >= 0xFF00 and <= 0xFF65;
}
