using System.Buffers;
using System.Text.RegularExpressions;

namespace KnowledgeHub.Ingestion.Safety;

/// <summary>
/// Finds text planted in a document to steer an assistant that reads it: instructions to drop its instructions, to
/// reveal secrets, to send users to a link to type credentials, or to answer everything with a fixed text. Rules, not
/// a model, so a flag can be explained and reproduced. Each rule needs an addressee (the assistant, the model, "the
/// user" as someone to be told something) or an action no document subject calls for, next to each other inside one
/// sentence, because single words ("ignore", "password", "enter") are everyday manual prose.
/// </summary>
public static partial class PlantedInstructionDetector
{
    public const string OverrideReason = "asks to ignore previous instructions";
    public const string SecretsReason = "asks to reveal secrets, keys or the system prompt";
    public const string CredentialsReason = "asks for credentials at a link";
    public const string FixedAnswerReason = "tells the assistant to answer with fixed text";
    public const string ConcealReason = "tells the assistant to hide instructions from the user";
    public const string RoleReason = "tells the assistant to take another role or drop its rules";
    public const string ExfiltrationReason = "asks to send the conversation or user data elsewhere";

    // Longer chunks are cut by the chunker long before this; the bound keeps a pathological input cheap.
    private const int MaxScannedChars = 20_000;

    private static readonly SearchValues<char> OpeningQuotes = SearchValues.Create("\"“「『'‘");

    private static readonly (Regex Rule, string Reason)[] Rules =
    [
        (OverrideEn(), OverrideReason),
        (OverrideZh(), OverrideReason),
        (SecretsEn(), SecretsReason),
        (SystemPromptEn(), SecretsReason),
        (SecretsZh(), SecretsReason),
        (CredentialsEn(), CredentialsReason),
        (CredentialsLinkFirstEn(), CredentialsReason),
        (CredentialsZh(), CredentialsReason),
        (FixedAnswerEn(), FixedAnswerReason),
        (FixedAnswerZh(), FixedAnswerReason),
        (ConcealEn(), ConcealReason),
        (ConcealZh(), ConcealReason),
        (RoleEn(), RoleReason),
        (RoleZh(), RoleReason),
        (ExfiltrationEn(), ExfiltrationReason),
        (ExfiltrationZh(), ExfiltrationReason),
    ];

    /// <summary>Null when the text is clean; otherwise a short reason naming what the planted text asks for.</summary>
    public static string? Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var scanned = Normalize(text.Length > MaxScannedChars ? text[..MaxScannedChars] : text);
        foreach (var (rule, reason) in Rules)
        {
            foreach (Match match in rule.Matches(scanned))
            {
                if (!IsQuotedInDiscussion(scanned, match))
                {
                    return reason;
                }
            }
        }

        return null;
    }

    // PDF extraction leaves line breaks and hyphenation inside sentences; rules read one line of single spaces.
    private static string Normalize(string text) => Whitespace().Replace(text.Replace('\u00A0', ' '), " ");

    /// <summary>
    /// A paper or policy that quotes an injection ("attacks such as 'ignore previous instructions'") is about the attack,
    /// not one: the match sits inside quotation marks and the text names the attack. An unquoted instruction is
    /// never excused, whatever else the text says.
    /// </summary>
    private static bool IsQuotedInDiscussion(string text, Match match)
    {
        if (!Discussion().IsMatch(text))
        {
            return false;
        }

        var before = text.AsSpan(0, match.Index);
        var open = before.LastIndexOfAny(OpeningQuotes);
        if (open < 0 || match.Index - open > 60)
        {
            return false;
        }

        var closing = text[open] switch
        {
            '“' => '”',
            '「' => '」',
            '『' => '』',
            '‘' => '’',
            var same => same,
        };
        var close = text.IndexOf(closing, match.Index);
        return close >= 0 && close - (match.Index + match.Length) < 120 && before[(open + 1)..].IndexOf(closing) < 0;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(
        @"prompt[- ]injection|jailbreak|adversarial (?:prompt|instruction|input)|injection attack|attackers?\b|malicious (?:prompt|instruction|input|text)|提示注入|提示词注入|越狱攻击|攻击者",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Discussion();

    // "Ignore all previous instructions", "disregard the system prompt", "forget everything you were told".
    [GeneratedRegex(
        @"\b(?:ignore|disregard|forget|override|overrule|bypass|discard|abandon|skip)\b[^.!?\n]{0,30}?\b(?:previous|prior|preceding|above|earlier|original|initial|all|any|your|the system'?s?|system|developer'?s?)\s+(?:[a-z]+\s+){0,2}?(?:instructions?|prompts?|directives?|rules|guidelines|guardrails|constraints|programming|system prompt|safety (?:rules|policies|guidelines))\b" +
        @"|\bforget (?:everything|all) (?:you (?:were|have been) told|above|before this)\b" +
        @"|\b(?:new|updated|real) (?:system )?instructions? (?:for (?:the|any) (?:ai|assistant|model|chatbot|llm)|follow)\b" +
        @"|\bthe (?:above|previous|preceding) instructions? (?:are|is) (?:void|cancelled|canceled|obsolete|no longer valid)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OverrideEn();

    [GeneratedRegex(
        @"(?:忽略|无视|忽视|忘记|忘掉|抛开|不要理会|不必理会|跳过|覆盖|绕过|违背)[^。！？\n]{0,12}?(?:之前|以前|此前|先前|前面|上面|以上|上述|原来|原有|原始|所有|全部|一切|系统)[^。！？\n]{0,8}?(?:指令|指示|提示词|提示|规则|设定|约束|限制|要求|命令)",
        RegexOptions.CultureInvariant)]
    private static partial Regex OverrideZh();

    // An imperative (not negated) to hand over the assistant's secrets: "reveal your API key", "send me the admin
    // password". Plain verbs with "your" ("provide your credentials when prompted") are how manuals address readers.
    [GeneratedRegex(
        @"(?<!\b(?:never|not|don'?t|nor|avoid|without|refuse to|cannot|can'?t|shouldn'?t|mustn'?t)\s(?:\w+\s)?)\b(?:reveal|disclose|leak|expose|dump|print(?: out)?|output|repeat|recite|list)\s+(?:(?:me|us|the user|them)\s+)?(?:all\s+(?:of\s+)?)?(?:your|the assistant'?s|the model'?s|the system'?s|the admin(?:istrator)?'?s?|any stored|all stored|the stored)\s+(?:[a-z]+\s+){0,2}?(?:api[- ]?keys?|secret keys?|secrets|access tokens?|private keys?|credentials|passwords?|environment variables|env vars|confidential (?:instructions|configuration))\b" +
        @"|(?<!\b(?:never|not|don'?t|nor|avoid|without|refuse to|cannot|can'?t|shouldn'?t|mustn'?t)\s(?:\w+\s)?)\b(?:tell|give|show|send|provide|share with|email|reveal to|disclose to)\s+(?:me|us)\s+(?:all\s+)?(?:the|your|its|any)\s+(?:[a-z]+\s+){0,2}?(?:api[- ]?keys?|secret keys?|secrets|access tokens?|private keys?|credentials|passwords?|environment variables)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretsEn();

    // The assistant's own hidden prompt is never a document's subject when someone is told to repeat it.
    [GeneratedRegex(
        @"(?<!\b(?:never|not|don'?t|nor|avoid|without|refuse to|cannot|can'?t|shouldn'?t|mustn'?t)\s(?:\w+\s)?)\b(?:(?:reveal|disclose|leak|print(?: out)?|output|repeat|recite|write out|tell (?:me|us|the user)|show (?:me|us|the user)|give (?:me|us))\b[^.!?\n]{0,30}?\b(?:your|the|its)|(?:show|share|display|return)\s+(?:me\s+|us\s+)?(?:all\s+of\s+)?(?:your|its))\s+(?:full |entire |hidden |secret |original |initial |exact )*(?:system prompt|system message|hidden prompt|initial (?:prompt|instructions)|pre-?prompt|instructions verbatim)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SystemPromptEn();

    [GeneratedRegex(
        @"(?<!(?:不要|切勿|请勿|不得|禁止|不能|不可|不应|严禁|避免|勿)[^。！？\n]{0,4})(?:泄露|透露|泄漏|公开|输出|打印|显示|复述|告诉我|告诉用户|发给我|发送给我|展示)[^。！？\n]{0,10}?(?:系统提示词?|提示词|初始指令|隐藏指令|API ?[Kk]ey|API ?密钥|密钥|秘钥|访问令牌|令牌|环境变量|(?:你的|管理员的?)密码)",
        RegexOptions.CultureInvariant)]
    private static partial Regex SecretsZh();

    // Someone is told to send the user to a link and have them type a secret there.
    [GeneratedRegex(
        @"\b(?:tell|ask|instruct|direct|urge|advise|remind|redirect|send|get|have|make|inform|convince|require)\s+(?:the |all |every |any )?(?:users?|readers?|customers?|visitors?|them)\b[^.!?\n]{0,80}?(?:(?:https?://|www\.)\S*|\b[a-z0-9-]+\.(?:example|com|net|org|io|xyz|ru|cn|top)\b\S*)[^.!?\n]{0,80}?\b(?:enter|type|provide|submit|input|paste|give|confirm|verify|re-?enter|log ?in with|sign ?in with)\b[^.!?\n]{0,30}?\b(?:api[- ]?keys?|passwords?|credentials|login|tokens?|pin|secret|2fa|otp|one-time code|credit card|card number|social security|bank details|seed phrase)" +
        @"|\b(?:tell|ask|instruct|direct|urge|advise|remind|inform|convince|require)\s+(?:the |all |every |any )?(?:users?|readers?|customers?|visitors?|them)\b[^.!?\n]{0,40}?\b(?:enter|type|provide|submit|input|paste|give|confirm|verify|re-?enter)\b[^.!?\n]{0,30}?\b(?:api[- ]?keys?|passwords?|credentials|tokens?|secret|2fa|otp|one-time (?:code|password)|verification code|login details|seed phrase)\b[^.!?\n]{0,40}?(?:https?://|www\.|\bat [a-z0-9-]+\.[a-z]{2,})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialsEn();

    // A bare phishing line without an addressee: a link, a secret to type there, and the urgency phishing relies on.
    [GeneratedRegex(
        @"(?:https?://|www\.)\S+[^.!?\n]{0,60}?\b(?:enter|type|provide|submit|confirm|verify|re-?enter)\b[^.!?\n]{0,30}?\b(?:api[- ]?keys?|passwords?|credentials|tokens?|seed phrase)\b[^.!?\n]{0,60}?\b(?:immediately|urgently|within \d+ hours|or (?:your|the) account will|to avoid (?:suspension|deletion|losing)|suspended|unlock the (?:full )?answer|to continue (?:the|this) (?:answer|conversation|chat))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialsLinkFirstEn();

    [GeneratedRegex(
        @"(?:告诉|让|要求|提示|请|引导|通知|提醒|叫)(?:所有|每位|每个)?(?:用户|读者|客户|访客|对方)[^。！？\n]{0,40}?(?:(?:https?://|www\.)\S*|[a-z0-9-]+\.(?:example|com|net|org|io|cn|top)\S*)[^。！？\n]{0,40}?(?:输入|提供|填写|提交|填入|确认)[^。！？\n]{0,12}?(?:密码|密钥|秘钥|API|账号|凭证|令牌|验证码|银行卡|身份证)" +
        @"|(?:https?://|www\.)\S+[^。！？\n]{0,30}?(?:输入|提供|填写|提交)[^。！？\n]{0,10}?(?:密码|密钥|API ?[Kk]ey|凭证|令牌|验证码)[^。！？\n]{0,20}?(?:否则|立即|马上|才能(?:继续|获得|查看)答案)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CredentialsZh();

    [GeneratedRegex(
        @"\b(?:answer|respond|reply|react)(?:\s+to)?\s+(?:every|all|any|each)\s+(?:other\s+)?(?:questions?|quer(?:y|ies)|prompts?|requests?|messages?|users?)\b[^.!?\n]{0,20}?(?:\b(?:with|by (?:saying|writing|stating|replying)|using only|only with)\b|:)" +
        @"|\b(?:regardless of|no matter|whatever|whichever)\s+(?:what\s+)?(?:the\s+)?(?:question|user|anyone|they|people|the query)\b[^.!?\n]{0,30}?\b(?:answer|respond|reply|say|output|write)\b[^.!?\n]{0,20}?(?:only|just|with|[""“'])" +
        @"|\b(?:always|only ever)\s+(?:answer|respond|reply|say|output)\s+(?:with\s+)?(?:exactly\s+|only\s+)?[""“']" +
        @"|\b(?:your|the) (?:only|sole) (?:answer|response|reply|output) (?:must|should|will) be\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FixedAnswerEn();

    [GeneratedRegex(
        @"(?:无论|不管|不论)[^。！？\n]{0,12}?(?:问|问题|提问|询问)[^。！？\n]{0,12}?(?:都|一律|只|统一)[^。！？\n]{0,6}?(?:回答|回复|答复|输出|说)(?:为|成)?\s*[：:“「""']" +
        @"|(?:对|对于)(?:所有|任何|每个|每一个|一切)(?:的)?(?:问题|提问|询问|请求)[^。！？\n]{0,6}?(?:都|一律|只|统一)[^。！？\n]{0,6}?(?:回答|回复|答复|输出)(?:为|成)?\s*[：:“「""']" +
        @"|(?:只能|只|一律|统一)(?:回答|回复|答复|输出)(?:为|成)?[：:“「""]",
        RegexOptions.CultureInvariant)]
    private static partial Regex FixedAnswerZh();

    [GeneratedRegex(
        @"\b(?:do not|don'?t|never)\s+(?:tell|mention|reveal|disclose|show|inform|let)\s+(?:this\s+|these\s+)?(?:to\s+)?(?:the\s+)?(?:users?|readers?|humans?)\b[^.!?\n]{0,40}?\b(?:instructions?|this (?:message|note|text|prompt)|these (?:instructions|rules)|that you (?:were|are|have been) (?:told|instructed))" +
        @"|\b(?:do not|don'?t|never)\s+(?:mention|reveal|disclose|acknowledge|reference)\s+(?:these|this|the(?:se)? (?:hidden|above|following))?\s*(?:instructions?|hidden (?:text|message|note)|this (?:note|message))\b[^.!?\n]{0,30}?\b(?:to\s+)?(?:the\s+)?(?:users?|in your (?:answer|response|reply))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConcealEn();

    [GeneratedRegex(
        @"(?:不要|切勿|请勿|不得|别)(?:向|对|告诉|让)?(?:用户|读者)[^。！？\n]{0,10}?(?:提及|透露|说明|告知|知道|发现)?[^。！？\n]{0,6}?(?:这些|这条|此|本)(?:指令|指示|说明|提示|隐藏)",
        RegexOptions.CultureInvariant)]
    private static partial Regex ConcealZh();

    [GeneratedRegex(
        @"\b(?:you are|you're)\s+now\s+(?:an?\s+)?(?:unrestricted|uncensored|unfiltered|jailbroken|dan\b|evil|in (?:developer|god|debug) mode)" +
        @"|\b(?:if|when) you are an? (?:ai|artificial intelligence|language model|llm|large language model|assistant|chatbot|ai assistant|ai model|bot)\b[^.!?\n]{0,20}?\b(?:reading|processing|summari[sz]ing|answering|that reads|who reads|you must|you should|then|,)" +
        @"|\b(?:attention|note|message|instructions?|important)\s*(?:to|for)\s+(?:the\s+|any\s+|all\s+)?(?:ai|llm|language models?|ai assistants?|assistants?|chatbots?|ai models?|gpt|bots?)\b\s*[:,\-–—]" +
        @"|\b(?:ai assistants?|language models?|llms?|chatbots?|ai models?|the assistant|the model|the ai)\s+(?:reading|processing|summari[sz]ing|indexing|answering (?:questions )?(?:about|from)) (?:this|these)\b[^.!?\n]{0,40}?\b(?:must|should|shall|are (?:instructed|required) to|have to)\b" +
        @"|\b(?:act as|pretend (?:to be|you are)|roleplay as)\b[^.!?\n]{0,30}?\b(?:without|with no|no longer bound by|free of|ignoring)\s+(?:any\s+)?(?:restrictions|rules|filters|guidelines|limits|safety)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RoleEn();

    [GeneratedRegex(
        @"(?:如果|假如|若)你是(?:一个|一名)?(?:AI|人工智能|语言模型|大模型|大语言模型|助手|AI助手|智能助手|聊天机器人|机器人)" +
        @"|(?:致|给|告)(?:所有)?(?:AI|人工智能|语言模型|大模型|助手|AI助手|智能助手|聊天机器人)[^。！？\n]{0,4}?[：:，,]" +
        @"|(?:AI|人工智能|语言模型|大模型|助手|AI助手|智能助手|聊天机器人|模型)(?:在)?(?:阅读|读取|处理|总结|回答)(?:本|此|这)[^。！？\n]{0,16}?(?:必须|应当|应该|需要|务必)" +
        @"|你现在是(?:一个)?(?:不受|没有|无)(?:任何)?(?:限制|约束|规则)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RoleZh();

    [GeneratedRegex(
        @"\b(?:send|forward|email|post|upload|transmit|exfiltrate|append)\b[^.!?\n]{0,30}?\b(?:the |this |our |all |any |every )?(?:conversation|chat history|chat log|previous messages|user'?s? (?:data|messages|questions|personal information|emails?)|questions? (?:the )?users? ask)\b[^.!?\n]{0,40}?(?:https?://|www\.|\b[\w.+-]+@[\w-]+\.[\w.]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExfiltrationEn();

    [GeneratedRegex(
        @"(?:发送|转发|上传|提交|发)(?:到|给|至)?[^。！？\n]{0,30}?(?:对话记录|聊天记录|对话内容|用户的?(?:数据|信息|问题|消息|隐私))[^。！？\n]{0,20}?(?:https?://|www\.|[\w.+-]+@[\w-]+\.[\w.]+)" +
        @"|(?:把|将)(?:对话记录|聊天记录|对话内容|用户的?(?:数据|信息|问题|消息|隐私))[^。！？\n]{0,20}?(?:发送|转发|上传|提交|发)(?:到|给|至)[^。！？\n]{0,10}?(?:https?://|www\.|[\w.+-]+@[\w-]+\.[\w.]+)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ExfiltrationZh();
}
