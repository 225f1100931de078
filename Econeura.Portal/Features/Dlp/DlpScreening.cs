using System.Security.Cryptography;
using Econeura.Domain.Dlp;

namespace Econeura.Portal.Features.Dlp;

public sealed class DlpOptions
{
    /// <summary>Beyond this a scan counts as failed, and the input is blocked rather than sent unscanned.</summary>
    public int ScanBudgetMs { get; set; } = 250;

    /// <summary>Base64 HMAC key of the hash operator; equal values hash alike only under the same key.</summary>
    public string? HashKey { get; set; }
}

/// <summary>Runs the DLP engine on an input under an agent's policy: fail closed, placeholders for what is redacted.</summary>
public sealed partial class DlpScreening
{
    private readonly DlpOptions _options;
    private readonly byte[] _hashKey;
    private readonly ILogger<DlpScreening> _logger;

    public DlpScreening(IOptions<DlpOptions> options, ILogger<DlpScreening> logger)
    {
        _logger = logger;
        _options = options.Value;
        if (string.IsNullOrEmpty(_options.HashKey))
        {
            _hashKey = RandomNumberGenerator.GetBytes(32);
            LogEphemeralHashKey();
        }
        else
        {
            _hashKey = Convert.FromBase64String(_options.HashKey);
        }
    }

    private TimeSpan Budget => TimeSpan.FromMilliseconds(_options.ScanBudgetMs);

    public DlpResult Screen(string input, DlpPolicy policy) =>
        DlpEngine.Process(input, policy, RedactionOperator.Replace, Budget);

    public ScanOutcome Scan(string text) => DlpScanner.Scan(text, Budget);

    public RedactionResult Redact(string text, IReadOnlyList<Finding> findings, RedactionOperator redaction) =>
        Redactor.Redact(text, findings, redaction, _hashKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dlp:HashKey is not set: hashes made by this process will not match those of any other")]
    private partial void LogEphemeralHashKey();
}
