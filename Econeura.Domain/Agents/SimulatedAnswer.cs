using System.Text;
using System.Text.RegularExpressions;

namespace Econeura.Domain.Agents;

/// <summary>What the simulator is asked: the new message and the conversation before it, as sent (redacted).</summary>
public sealed record SimulatorPrompt(AgentDefinition Agent, string RedactedInput, IReadOnlyList<AgentMessage>? History = null);

/// <summary>
/// The simulator's answer: what the department's agent would deliver (a CFO's summary, a CISO's checklist…), in the
/// language the request is written in, as a model answers. The same prompt always gets the same answer, so the demo's
/// history and the tests can rely on it. It never quotes the input: even redacted, an input carries what a DLP policy
/// lets through as typed; it names only the placeholders, which are the portal's own words. In a conversation it proves
/// its memory: it counts the turns and recalls the start of the previous message, which is already on record as that
/// turn's (redacted) input.
/// </summary>
public static partial class SimulatedAnswer
{
    /// <summary>How many placeholders the answer names; more are counted, not listed.</summary>
    private const int PlaceholdersNamed = 4;

    /// <summary>How much of the previous message the answer recalls.</summary>
    private const int RecalledLength = 60;

    public static string For(SimulatorPrompt prompt)
    {
        var language = ReplyLanguage.Of(prompt.RedactedInput, prompt.History);
        var playbook = DepartmentPlaybooks.For(prompt.Agent.Department, language);
        var text = new StringBuilder();
        text.Append(prompt.Agent.WordingIn(language).Name).Append(language == ReplyLanguage.Spanish ? " (simulador) · " : " (simulator) · ")
            .AppendLine(playbook.Title).AppendLine();
        if (Memory(prompt.History, language) is { } memory) text.AppendLine(memory).AppendLine();
        foreach (var line in playbook.Lines) text.AppendLine(line);
        if (PlaceholdersIn(prompt.RedactedInput) is { Count: > 0 } placeholders)
            text.AppendLine().AppendLine(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                language == ReplyLanguage.Spanish
                    ? "Los datos personales llegaron sustituidos ({0}): los trato como tales, sin conocer su valor."
                    : "Personal data arrived replaced ({0}): I handle it as such, without knowing its value.",
                Listed(placeholders)));
        text.AppendLine().Append(language == ReplyLanguage.Spanish
            ? "Respuesta de demostración del simulador: un administrador conecta el agente real (webhook o modelo de chat) en Agentes y rutas."
            : "A demonstration answer from the simulator: an admin connects the real agent (a webhook or a chat model) in Agents and routes.");
        return text.ToString();
    }

    /// <summary>"Turno 3 · antes me dijiste: «…»": the turn's number and the previous message the history brought.</summary>
    private static string? Memory(IReadOnlyList<AgentMessage>? history, string language)
    {
        var said = history?.Where(m => m.Role == MessageRole.User).ToList() ?? [];
        if (said.Count == 0) return null;
        var previous = said[^1].Text.ReplaceLineEndings(" ").Trim();
        if (previous.Length > RecalledLength) previous = previous[..RecalledLength].TrimEnd() + "…";
        return string.Format(System.Globalization.CultureInfo.InvariantCulture,
            language == ReplyLanguage.Spanish ? "Turno {0} · antes me dijiste: «{1}»" : "Turn {0} · earlier you told me: “{1}”", said.Count + 1, previous);
    }

    private static List<string> PlaceholdersIn(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Value).Distinct()];

    private static string Listed(List<string> placeholders) =>
        string.Join(", ", placeholders.Take(PlaceholdersNamed)) + (placeholders.Count > PlaceholdersNamed ? ", …" : "");

    /// <summary>
    /// The redactor's placeholders, by their shape (agents stay below DLP): <c>&lt;EMAIL_1&gt;</c>, or
    /// <c>&lt;EMAIL:</c> and 16 hex digits <c>&gt;</c> when it hashes. Nothing else in the input is repeated.
    /// </summary>
    [GeneratedRegex(@"<[A-Z]+(?:_[A-Z]+)*(?:_[0-9]+|:[0-9a-f]{16})>", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
