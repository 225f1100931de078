using Econeura.Domain.Dlp;

namespace Econeura.Domain.Tests.Dlp;

public class PolicyTests
{
    private static Finding F(EntityType t) => new(t, 0, 1, 0.9);

    [Fact]
    public void No_findings_is_allow()
    {
        var d = DlpPolicy.Default.Evaluate(Array.Empty<Finding>());
        Assert.Equal(DlpAction.Allow, d.Action);
        Assert.Empty(d.Reasons);
    }

    [Fact]
    public void Default_redacts()
    {
        var d = DlpPolicy.Default.Evaluate(new[] { F(EntityType.EMAIL), F(EntityType.EMAIL) });
        Assert.Equal(DlpAction.Redact, d.Action);
        var reason = Assert.Single(d.Reasons);
        Assert.Equal(EntityType.EMAIL, reason.EntityType);
        Assert.Equal(2, reason.Count);
        Assert.Equal("EMAIL found (2): redacted by policy", reason.Message);
    }

    [Fact]
    public void Strictest_wins_with_overrides()
    {
        var policy = new DlpPolicy(DlpAction.Redact, new Dictionary<EntityType, DlpAction>
        {
            [EntityType.SECRET] = DlpAction.Block, [EntityType.IBAN] = DlpAction.RequireApproval, [EntityType.EMAIL] = DlpAction.Allow,
        });
        Assert.Equal(DlpAction.Allow, policy.Evaluate(new[] { F(EntityType.EMAIL) }).Action);
        Assert.Equal(DlpAction.Redact, policy.Evaluate(new[] { F(EntityType.EMAIL), F(EntityType.PHONE) }).Action);
        Assert.Equal(DlpAction.RequireApproval, policy.Evaluate(new[] { F(EntityType.PHONE), F(EntityType.IBAN) }).Action);
        var d = policy.Evaluate(new[] { F(EntityType.IBAN), F(EntityType.SECRET), F(EntityType.PHONE) });
        Assert.Equal(DlpAction.Block, d.Action);
        Assert.Equal(3, d.Reasons.Count);
        Assert.Equal("SECRET found (1): blocked by policy", d.Reasons[0].Message);
        Assert.Equal(DlpAction.Block, d.Reasons[0].Action);
    }

    [Fact]
    public void Failed_scan_blocks()
    {
        var overBudget = ScanOutcome.Failed(ScanFailure.OverBudget, 0, "scan over budget");
        var d = new DlpPolicy(DlpAction.Allow).Evaluate(overBudget);
        Assert.Equal(DlpAction.Block, d.Action);
        Assert.Equal(PolicyReasonCode.ScanOverBudget, Assert.Single(d.Reasons).Code);
        var failed = DlpPolicy.Default.Evaluate(ScanOutcome.Failed(ScanFailure.Error, 0, "boom"));
        Assert.Equal(PolicyReasonCode.ScanFailed, failed.Reasons[0].Code);
        Assert.Equal("the personal-data scan failed: blocked, nothing was sent (fail closed)", failed.Reasons[0].Message);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(5)] // a flags combination: Redact | 4
    [InlineData(int.MaxValue)]
    public void An_action_that_is_not_defined_fails_closed_as_block(int action)
    {
        var undefined = (DlpAction)action;
        var byDefault = new DlpPolicy(undefined);
        Assert.Equal(DlpAction.Block, byDefault.DefaultAction);
        Assert.Equal(DlpAction.Block, byDefault.ActionFor(EntityType.EMAIL));
        Assert.Equal(DlpAction.Block, byDefault.Evaluate(new[] { F(EntityType.EMAIL) }).Action);

        var byOverride = DlpPolicy.Default.With(EntityType.PHONE, undefined);
        Assert.Equal(DlpAction.Block, byOverride.ActionFor(EntityType.PHONE));
        Assert.Equal(DlpAction.Block, byOverride.Overrides[EntityType.PHONE]);
        var decision = byOverride.Evaluate(new[] { F(EntityType.EMAIL), F(EntityType.PHONE) });
        Assert.Equal(DlpAction.Block, decision.Action);
        Assert.Equal(new[] { DlpAction.Block, DlpAction.Redact }, decision.Reasons.Select(r => r.Action));

        var engine = DlpEngine.Process("llama al 612 345 678", byOverride, RedactionOperator.Replace);
        Assert.Equal(DlpAction.Block, engine.Decision.Action);
    }

    [Fact]
    public void Reasons_list_the_strictest_action_first_then_entity_order()
    {
        var policy = DlpPolicy.Default.With(EntityType.IBAN, DlpAction.RequireApproval).With(EntityType.EMAIL, DlpAction.Allow);
        var d = policy.Evaluate(new[] { F(EntityType.SECRET), F(EntityType.EMAIL), F(EntityType.IBAN), F(EntityType.PHONE) });
        Assert.Equal(new EntityType?[] { EntityType.IBAN, EntityType.PHONE, EntityType.SECRET, EntityType.EMAIL }, d.Reasons.Select(r => r.EntityType));
    }
}
