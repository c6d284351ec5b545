using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration;

/// <summary>
/// A rough token count for usage reports when the decoder reports none: about four characters per token for
/// alphabetic text and one per CJK character, which is how subword vocabularies tend to split them.
/// </summary>
public static class TokenEstimate
{
    public static int Of(string text)
    {
        var cjk = 0;
        var other = 0;
        foreach (var c in text)
        {
            if (CjkText.IsCjkLetter(c))
            {
                cjk++;
            }
            else
            {
                other++;
            }
        }

        return cjk + ((other + 3) / 4);
    }
}
