using System.Text.RegularExpressions;

namespace KnowledgeHub.Ingestion.Safety;

/// <summary>The cheap gates in front of the costliest rules (see <c>Rules</c>): each must match wherever its rule can.</summary>
public static partial class PlantedInstructionDetector
{
    // Gates. Each names what every match of its rule contains, alternative by alternative.

    // Alternatives 1-5 hold an AI noun with a word boundary on both sides (whitespace, start, "(" or "[" before it;
    // \b, whitespace, ":" or "," after it; "a.i." ends in a dot), 6 an override marker or chat-template token, 7 its
    // own "when ... this/these " opening.
    [GeneratedRegex(
        @"\b" + AiNounEn + @"\b|\ba\.i\.|override|<\|im_start\|>|\[/?inst\]|<<sys>>|new system prompt" +
        @"|\bwhen (?:you(?:'re| are)? )?(?:summari[sz]ing|summari[sz]e|answering(?: (?:any )?(?:user )?questions)?(?: about| on| from)?|asked about|responding to (?:questions|queries|users)(?: about| on)?|processing) (?:this|these) ",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AddressedEnGate();

    // Every alternative of ExfiltrationBroadEn ends at a link or an e-mail address.
    [GeneratedRegex(@"https?://|www\.|@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkOrAddress();

    // Alternatives 1, 3 and 4 need a link or an address; 2 asks someone "for their/his/her/your" secret.
    [GeneratedRegex(@"https?://|www\.|@|\bfor\s+(?:their|his|her|your)\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialsBroadEnGate();

    // 1: a possessive of the assistant before a hidden/internal/... noun; 2: "you were given ..." or "stored in your ...";
    // 3: "the assistant/model/... must ..."; 4: "you must/should/... ".
    [GeneratedRegex(
        @"\b(?:your|its|the assistant'?s|the model'?s|the ai'?s|the bot'?s|the chatbot'?s)\s+(?:own\s+)?(?:hidden|internal|secret|system|confidential|private|original|initial|underlying)\s" +
        @"|\byou\s+(?:were|have been|are)\s+(?:given|configured|told|set up|programmed|trained|provided)|\b(?:stored|kept|saved|held)\s+(?:in|by)\s+(?:your|its|the (?:assistant|model|system prompt))" +
        @"|\b(?:the assistant|the model|the ai|the bot|the chatbot|the llm)\s+(?:must|shall|should|will|is to|has to|needs? to)\s" +
        @"|\byou\s+(?:must|shall|should|will|are to|have to|need to)\s",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretsBroadEnGate();

    // Every alternative opens with one of these verbs, followed by whitespace.
    [GeneratedRegex(
        @"\b(?:ignore|disregard|forget|skip|discard|neglect|do not answer|don'?t answer|never answer|stop answering|stop (?:following|obeying|applying)|override|bypass|abandon)\s",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserQuestionOverrideEnGate();

    // The openings of the nine alternatives, in order (8 and 9 share "no matter what / whatever / regardless of what").
    [GeneratedRegex(
        @"\b(?:answer|respond|reply|react)(?:\s+to)?\s+(?:every|all|any|each)\s" +
        @"|\bto (?:every|each|any|all) " +
        @"|\b(?:answer|respond|reply|react)\s+to\s+(?:anything|everything|whatever)\s" +
        @"|\b(?:respond|reply|answer|output)\s+(?:only|solely|exclusively|just|nothing (?:but|except))\s" +
        @"|\b(?:respond|reply|answer)\s+with\s+only\s" +
        @"|\b(?:every|each|any|all)\s+(?:response|answer|reply|output)s?\s" +
        @"|\b(?:always|only ever|invariably)\s+(?:answer|respond|reply|say|output)" +
        @"|no matter what|whatever|regardless of what",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FixedAnswerBroadEnGate();
}
