using Econeura.Domain.Dlp;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// What a gateway caller asks of one launch beyond its input: how personal data is written (<c>policy.pii</c>, which can
/// only add redaction to the agent's policy) and its own labels (<c>meta</c>, recorded on the execution).
/// </summary>
public sealed record CallerIntent(RedactionOperator? Redaction, IReadOnlyDictionary<string, string>? Meta);
