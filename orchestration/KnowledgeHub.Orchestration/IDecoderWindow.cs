namespace KnowledgeHub.Orchestration;

/// <summary>
/// The decoder's context window, so the passages of a prompt are packed to fit it: the prompt and the answer together
/// must stay inside <see cref="ContextTokens"/>, counted the way the decoder counts.
/// </summary>
public interface IDecoderWindow
{
    /// <summary>Tokens the decoder's context holds, prompt and answer together.</summary>
    int ContextTokens { get; }

    /// <summary>The tokens <paramref name="text"/> takes in the decoder's vocabulary.</summary>
    int CountTokens(string text);
}

/// <summary>
/// A window whose tokens can only be estimated (<see cref="TokenEstimate"/>): a server behind an HTTP API does not lend its
/// tokenizer. The estimate counts a CJK character as a token, which is what keeps Chinese passages from overflowing.
/// </summary>
public sealed class EstimatedDecoderWindow(int contextTokens) : IDecoderWindow
{
    public int ContextTokens { get; } = contextTokens > 0 ? contextTokens : throw new ArgumentOutOfRangeException(nameof(contextTokens));

    public int CountTokens(string text) => TokenEstimate.Of(text);
}
