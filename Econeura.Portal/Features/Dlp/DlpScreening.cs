using System.Security.Cryptography;
using Econeura.Domain.Dlp;
using Econeura.Portal.Features.Agents.Routing;

namespace Econeura.Portal.Features.Dlp;

public sealed class DlpOptions
{
    /// <summary>Base64 HMAC key of the hash operator; equal values hash alike only under the same key.</summary>
    public string? HashKey { get; set; }
}

/// <summary>
/// Runs the DLP engine on an input under an agent's policy: fail closed, placeholders for what is redacted. A scan is
/// bounded by the work its text's length allows (<see cref="ScanBudget"/>), never by time, so a busy node blocks nothing
/// an idle one would send.
/// </summary>
public sealed partial class DlpScreening : IPersonalDataMask
{
    private readonly byte[] _hashKey;
    private readonly ILogger<DlpScreening> _logger;

    public DlpScreening(IOptions<DlpOptions> options, ILogger<DlpScreening> logger)
    {
        _logger = logger;
        var hashKey = options.Value.HashKey;
        if (string.IsNullOrEmpty(hashKey))
        {
            _hashKey = RandomNumberGenerator.GetBytes(32);
            LogEphemeralHashKey();
        }
        else
        {
            _hashKey = Convert.FromBase64String(hashKey);
        }
    }

    /// <param name="requested">The caller's own operator (the gateway's <c>policy.pii</c>): it adds redaction, never removes any.</param>
    public DlpResult Screen(string input, DlpPolicy policy, RedactionOperator? requested = null)
    {
        var result = DlpEngine.Process(input, policy, RedactionOperator.Replace, _hashKey, requested);
        Report(result.Scan, input.Length);
        return result;
    }

    public ScanOutcome Scan(string text)
    {
        var outcome = DlpScanner.Scan(text, ScanBudget.For(text));
        Report(outcome, text.Length);
        return outcome;
    }

    public RedactionResult Redact(string text, IReadOnlyList<Finding> findings, RedactionOperator redaction) =>
        Redactor.Redact(text, findings, redaction, _hashKey);

    public string Mask(string text) => Redactor.Redact(text, RedactionOperator.Mask).Redacted;

    private void Report(ScanOutcome outcome, int length)
    {
        if (!outcome.Succeeded) LogScanFailed(outcome.Failure, outcome.Steps, length, outcome.Error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dlp:HashKey is not set: hashes made by this process will not match those of any other")]
    private partial void LogEphemeralHashKey();

    // What failed and how much work it took, never the text.
    [LoggerMessage(Level = LogLevel.Warning, Message = "A DLP scan failed closed ({Failure} after {Steps} steps, {Length} characters): {Error}")]
    private partial void LogScanFailed(ScanFailure failure, long steps, int length, string? error);
}
