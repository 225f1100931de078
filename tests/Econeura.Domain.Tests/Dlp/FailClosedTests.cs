using System.Text;
using Econeura.Domain.Dlp;

namespace Econeura.Domain.Tests.Dlp;

public class FailClosedTests
{
    private static string LargeText()
    {
        var sb = new StringBuilder();
        while (sb.Length < 2_000_000) sb.Append("Pedido 2024-05-17 cliente ana@x.es tel 612 345 678 importe 1.234,56 € IP 10.0.0.1. ");
        return sb.ToString();
    }

    [Fact]
    public void One_tick_budget_on_large_text_fails_and_blocks()
    {
        var outcome = DlpScanner.Scan(LargeText(), TimeSpan.FromTicks(1));
        Assert.False(outcome.Succeeded);
        Assert.Equal(ScanFailure.TimedOut, outcome.Failure);
        Assert.Empty(outcome.Findings);
        Assert.Equal(DlpAction.Block, DlpPolicy.Default.Evaluate(outcome).Action);
    }

    /// <summary>Every word that starts a look-around (pass 3, name/value entries, VAT ids) repeated on one long line.</summary>
    [Fact]
    public void Repeated_trigger_words_stay_within_the_default_budget()
    {
        var sb = new StringBuilder();
        while (sb.Length < 400_000) sb.Append("mysql redis-cli sshpass password is clave de la contraseña IDENTIFIED value: name= ESB1234567 Basic ");
        var outcome = DlpScanner.Scan(sb.ToString(), DlpEngine.DefaultBudget);
        Assert.True(outcome.Succeeded, $"{outcome.Failure} after {outcome.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void Zero_budget_fails()
    {
        var outcome = DlpScanner.Scan("hola", TimeSpan.Zero);
        Assert.Equal(ScanFailure.TimedOut, outcome.Failure);
    }

    [Fact]
    public void Cancellation_fails_closed()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var outcome = DlpScanner.Scan(LargeText(), TimeSpan.FromSeconds(30), cts.Token);
        Assert.False(outcome.Succeeded);
    }

    [Fact]
    public void Null_text_fails_instead_of_passing()
    {
        var outcome = DlpScanner.Scan(null, TimeSpan.FromSeconds(1));
        Assert.Equal(ScanFailure.Error, outcome.Failure);
    }

    [Fact]
    public void Engine_never_returns_unscanned_text_on_failure()
    {
        var r = DlpEngine.Process(LargeText(), DlpPolicy.Default, RedactionOperator.Mask, TimeSpan.FromTicks(1));
        Assert.Equal(DlpAction.Block, r.Decision.Action);
        Assert.Null(r.Redaction);
    }

    [Fact]
    public void Engine_happy_path_redacts_and_blocks_secrets()
    {
        var blockSecrets = new DlpPolicy(DlpAction.Redact, new Dictionary<EntityType, DlpAction> { [EntityType.SECRET] = DlpAction.Block });
        var ok = DlpEngine.Process("mail ana@x.es", blockSecrets, RedactionOperator.Replace, DlpEngine.DefaultBudget);
        Assert.True(ok.Scan.Succeeded);
        Assert.Equal(DlpAction.Redact, ok.Decision.Action);
        Assert.Equal("mail <EMAIL_1>", ok.Redaction?.Redacted);

        var blocked = DlpEngine.Process("key AKIAJQ7Y3ZPLX5WTRM2K", blockSecrets, RedactionOperator.Mask, DlpEngine.DefaultBudget);
        Assert.Equal(DlpAction.Block, blocked.Decision.Action);

        var clean = DlpEngine.Process("hola", DlpPolicy.Default, RedactionOperator.Mask, DlpEngine.DefaultBudget);
        Assert.Equal(DlpAction.Allow, clean.Decision.Action);
        Assert.Equal("hola", clean.Redaction?.Redacted);
    }

    [Fact]
    public void Generous_budget_completes()
    {
        var outcome = DlpScanner.Scan("ana@x.es", TimeSpan.FromSeconds(5));
        Assert.True(outcome.Succeeded);
        Assert.Single(outcome.Findings);
    }
}
