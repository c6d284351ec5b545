using System.Globalization;
using System.Text;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Prompts;

/// <summary>
/// Renders retrieved passages as numbered, fenced data blocks:
/// <code>
/// [1] (report.pdf, page 3)
/// """
/// chunk text
/// """
/// </code>
/// A passage shown with its section (<see cref="PassageContext"/>) gets labelled blocks, so the decoder can tell
/// the matched passage from the text around it:
/// <code>
/// [1] (report.pdf, page 3)
/// Context before:
/// """
/// ...
/// """
/// Passage:
/// """
/// chunk text
/// """
/// Context after:
/// """
/// ...
/// """
/// </code>
/// A fence inside a passage is defused ('''), so document text cannot close its block and pose as instructions.
/// </summary>
public static class PassageFormatter
{
    public const string Fence = "\"\"\"";

    public const string ContextBeforeLabel = "Context before:";
    public const string PassageLabel = "Passage:";
    public const string ContextAfterLabel = "Context after:";

    public static string Format(IReadOnlyList<SearchHit> passages) => Format(passages, contexts: null);

    /// <param name="contexts">Section text per passage, in passage order; null or <see cref="PassageContext.None"/> shows the passage alone.</param>
    public static string Format(IReadOnlyList<SearchHit> passages, IReadOnlyList<PassageContext>? contexts)
    {
        ArgumentNullException.ThrowIfNull(passages);
        if (contexts is not null && contexts.Count != passages.Count)
        {
            throw new ArgumentException($"Got {contexts.Count} passage contexts for {passages.Count} passages.", nameof(contexts));
        }

        var text = new StringBuilder();
        for (var i = 0; i < passages.Count; i++)
        {
            var chunk = passages[i].Chunk;
            if (i > 0)
            {
                text.Append("\n\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"[{i + 1}] ({Source(chunk)})\n");
            var context = contexts?[i] ?? PassageContext.None;
            if (context.IsEmpty)
            {
                AppendFenced(text, chunk.Text);
                continue;
            }

            if (!string.IsNullOrWhiteSpace(context.Before))
            {
                text.Append(ContextBeforeLabel).Append('\n');
                AppendFenced(text, context.Before);
                text.Append('\n');
            }

            text.Append(PassageLabel).Append('\n');
            AppendFenced(text, chunk.Text);
            if (!string.IsNullOrWhiteSpace(context.After))
            {
                text.Append('\n').Append(ContextAfterLabel).Append('\n');
                AppendFenced(text, context.After);
            }
        }

        return text.ToString();
    }

    private static void AppendFenced(StringBuilder text, string value) =>
        text.Append(Fence).Append('\n')
            .Append(Defuse(value.Trim())).Append('\n')
            .Append(Fence);

    private static string Source(IndexedChunk chunk)
    {
        var source = new StringBuilder(OneLine(chunk.FileName));
        if (chunk.Page is int page)
        {
            source.Append(CultureInfo.InvariantCulture, $", page {page}");
        }

        if (!string.IsNullOrWhiteSpace(chunk.HeadingPath))
        {
            source.Append(", section: ").Append(OneLine(chunk.HeadingPath));
        }

        return source.ToString();
    }

    // Metadata comes from uploads too: keep it on its header line and out of the fences.
    private static string OneLine(string value) =>
        Defuse(value).ReplaceLineEndings(" ");

    internal static string Defuse(string value) => value.Replace(Fence, "'''", StringComparison.Ordinal);
}
