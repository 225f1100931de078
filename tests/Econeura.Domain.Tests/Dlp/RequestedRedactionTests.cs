using System.Text;
using Econeura.Domain.Dlp;

namespace Econeura.Domain.Tests.Dlp;

/// <summary>A caller's own redaction operator (the gateway's <c>policy.pii</c>) adds redaction, never takes any away.</summary>
public class RequestedRedactionTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("requested-redaction-test-key");
    private const string Text = "Escribe a ana@contoso.es con la clave AKIAJQ7Y3ZPLX5WTRM2K";

    private static DlpResult Process(DlpPolicy policy, RedactionOperator? requested) =>
        DlpEngine.Process(Text, policy, RedactionOperator.Replace, Key, requested);

    [Fact]
    public void What_the_agent_allows_is_redacted_with_the_callers_operator()
    {
        var allowAll = new DlpPolicy(DlpAction.Allow);

        var result = Process(allowAll, RedactionOperator.Mask);

        Assert.Equal(DlpAction.Redact, result.Decision.Action);
        Assert.Contains("a**@contoso.es", result.Redaction!.Redacted);
        Assert.DoesNotContain("ana@contoso.es", result.Redaction.Redacted);
        Assert.DoesNotContain("AKIAJQ7Y3ZPLX5WTRM2K", result.Redaction.Redacted);
    }

    [Fact]
    public void What_the_agent_redacts_keeps_the_stricter_operator()
    {
        var masked = Process(DlpPolicy.Default, RedactionOperator.Mask);
        var hashed = Process(new DlpPolicy(DlpAction.Allow), RedactionOperator.Hash);

        Assert.Equal("Escribe a <EMAIL_1> con la clave <SECRET_1>", masked.Redaction!.Redacted);
        Assert.Matches("^Escribe a <EMAIL:[0-9a-f]{16}> con la clave <SECRET:[0-9a-f]{16}>$", hashed.Redaction!.Redacted);
    }

    [Fact]
    public void A_block_or_an_approval_of_the_agents_policy_stays()
    {
        var blocksSecrets = DlpPolicy.Default.With(EntityType.SECRET, DlpAction.Block);
        var holdsEmails = new DlpPolicy(DlpAction.Allow).With(EntityType.EMAIL, DlpAction.RequireApproval);

        Assert.Equal(DlpAction.Block, Process(blocksSecrets, RedactionOperator.Mask).Decision.Action);
        Assert.Equal(DlpAction.RequireApproval, Process(holdsEmails, RedactionOperator.Replace).Decision.Action);
    }

    [Fact]
    public void Without_a_request_the_agents_policy_alone_applies()
    {
        var result = Process(new DlpPolicy(DlpAction.Allow), requested: null);

        Assert.Equal(DlpAction.Allow, result.Decision.Action);
        Assert.Equal(Text, result.Redaction!.Redacted);
    }
}
