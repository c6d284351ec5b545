namespace KnowledgeHub.Orchestration.Text;

/// <summary>Which writing system a text is mostly in.</summary>
internal static class Script
{
    /// <summary>
    /// True when CJK characters carry most of the text. A CJK character is about a word, so it is weighed against
    /// two letters of other scripts: "Transformer 的原始架构由编码器组成" is Chinese with an English term.
    /// </summary>
    public static bool IsMostlyCjk(string text)
    {
        var cjk = 0;
        var letters = 0;
        foreach (var c in text)
        {
            if (TermAnalyzer.IsCjk(c))
            {
                cjk++;
            }
            else if (char.IsLetter(c))
            {
                letters++;
            }
        }

        return cjk > 0 && cjk * 2 >= letters;
    }
}
