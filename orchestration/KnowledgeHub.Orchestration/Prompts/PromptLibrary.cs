using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace KnowledgeHub.Orchestration.Prompts;

/// <summary>
/// The versioned prompt templates, stored as embedded resources (Prompts/*.txt) in Semantic Kernel's template syntax.
/// Templates use chat tags (&lt;message role="..."&gt;); Semantic Kernel HTML-encodes every variable value before it
/// parses those tags, so a question or passage cannot open a message of its own.
/// </summary>
public sealed class PromptLibrary
{
    /// <summary>Id and version of the answer template; recorded in every <see cref="Answer"/>.</summary>
    public const string AnswerPromptVersion = "answer.v1";

    /// <summary>Id and version of the template that rewrites a follow-up into a standalone question.</summary>
    public const string RewritePromptVersion = "rewrite.v1";

    private readonly AnswerOptions settings;
    private readonly KernelPromptTemplateFactory templateFactory;

    public PromptLibrary(IOptions<AnswerOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value;
        loggerFactory ??= NullLoggerFactory.Instance;
        templateFactory = new KernelPromptTemplateFactory(loggerFactory);
        AnswerTemplate = new PromptTemplateConfig(ReadResource(AnswerPromptVersion))
        {
            Name = "answer",
            Description = "Answers a question from numbered passages, citing them with [n] markers.",
            TemplateFormat = PromptTemplateConfig.SemanticKernelTemplateFormat,
            InputVariables =
            [
                new InputVariable { Name = "assistant_name", Description = "The assistant's configured name.", IsRequired = true },
                new InputVariable { Name = "not_found", Description = "The exact reply when the passages do not answer.", IsRequired = true },
                new InputVariable { Name = "passages", Description = "Numbered, fenced passages.", IsRequired = true },
                new InputVariable { Name = "question", Description = "The user's question.", IsRequired = true },
            ],
        };
        AnswerFunction = KernelFunctionFactory.CreateFromPrompt(AnswerTemplate, templateFactory, loggerFactory);
        RewriteTemplate = new PromptTemplateConfig(ReadResource(RewritePromptVersion))
        {
            Name = "rewrite",
            Description = "Rewrites the last question of a conversation into a standalone question.",
            TemplateFormat = PromptTemplateConfig.SemanticKernelTemplateFormat,
            InputVariables =
            [
                new InputVariable { Name = "history", Description = "Earlier turns, fenced.", IsRequired = true },
                new InputVariable { Name = "question", Description = "The follow-up question.", IsRequired = true },
            ],
        };
        RewriteFunction = KernelFunctionFactory.CreateFromPrompt(RewriteTemplate, templateFactory, loggerFactory);
    }

    public PromptLibrary()
        : this(Options.Create(new AnswerOptions()))
    {
    }

    public PromptTemplateConfig AnswerTemplate { get; }

    /// <summary>The answer prompt as a kernel function; invoke it with a kernel holding an <c>IChatCompletionService</c>.</summary>
    public KernelFunction AnswerFunction { get; }

    public PromptTemplateConfig RewriteTemplate { get; }

    /// <summary>The follow-up rewrite prompt as a kernel function.</summary>
    public KernelFunction RewriteFunction { get; }

    /// <param name="history">Earlier turns, oldest first, already cut to what the prompt should show.</param>
    public static KernelArguments CreateRewriteArguments(IReadOnlyList<(string Question, string Answer)> history, string question, PromptExecutionSettings? executionSettings = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        var arguments = executionSettings is null ? new KernelArguments() : new KernelArguments(executionSettings);
        var text = new System.Text.StringBuilder();
        foreach (var (asked, answered) in history)
        {
            text.Append("User: ").Append(PassageFormatter.Defuse(asked.ReplaceLineEndings(" ").Trim())).Append('\n');
            text.Append("Assistant: ").Append(PassageFormatter.Defuse(answered.ReplaceLineEndings(" ").Trim())).Append('\n');
        }

        arguments["history"] = text.ToString().TrimEnd();
        arguments["question"] = PassageFormatter.Defuse(question.ReplaceLineEndings(" ").Trim());
        return arguments;
    }

    /// <param name="contexts">Section text shown around each passage (see <see cref="PassageFormatter"/>); null shows passages alone.</param>
    public KernelArguments CreateAnswerArguments(
        string question,
        IReadOnlyList<SearchHit> passages,
        PromptExecutionSettings? executionSettings = null,
        IReadOnlyList<PassageContext>? contexts = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        var arguments = executionSettings is null ? new KernelArguments() : new KernelArguments(executionSettings);
        arguments["assistant_name"] = settings.AssistantName;
        arguments["not_found"] = AnswerTexts.NotFound;
        arguments["passages"] = PassageFormatter.Format(passages, contexts);
        arguments["question"] = question.Trim();
        return arguments;
    }

    /// <summary>Renders the answer prompt as the template engine produces it (chat tags included, values encoded).</summary>
    public Task<string> RenderAnswerAsync(string question, IReadOnlyList<SearchHit> passages, CancellationToken cancellationToken = default)
    {
        var template = templateFactory.Create(AnswerTemplate);
        return template.RenderAsync(new Kernel(), CreateAnswerArguments(question, passages), cancellationToken);
    }

    private static string ReadResource(string version)
    {
        var assembly = typeof(PromptLibrary).Assembly;
        var name = $"{typeof(PromptLibrary).Namespace}.{version}.txt";
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The prompt template resource '{name}' is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
