using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.FinOps;

/// <summary>A day's spend far above its usual level is flagged once, and "back to normal" is said once when it ends.</summary>
public sealed class SpendAnomalyTests
{
    private static readonly AnomalyRule Rule = AnomalyRule.Default;
    private static readonly DateOnly Day = new(2026, 12, 6);
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Channel = Guid.NewGuid();

    private static decimal[] Usual(decimal eur) => Enumerable.Repeat(eur, 14).ToArray();

    [Fact]
    public void Usual_is_the_median_of_the_fourteen_days_before_so_one_expensive_day_does_not_move_it()
    {
        var baseline = Usual(1m);
        baseline[5] = 40m;

        var verdict = Rule.Judge(baseline, 3m);

        Assert.Equal((1m, 3m, true), (verdict.UsualEur, verdict.ThresholdEur, verdict.Unusual));
        Assert.Equal(3m, verdict.Times);
    }

    [Fact]
    public void Just_below_three_times_usual_is_not_unusual()
    {
        Assert.False(Rule.Judge(Usual(1m), 2.9999m).Unusual);
        Assert.True(Rule.Judge(Usual(1m), 3m).Unusual);
    }

    [Fact]
    public void Days_without_spend_count_as_nothing_spent_and_cents_over_nothing_are_not_news()
    {
        // Ten quiet days and four at 2 EUR: the median is nothing, so the minimum (0.05 EUR) sets the bar at 0.15 EUR.
        var baseline = Usual(0m);
        for (var i = 10; i < 14; i++) baseline[i] = 2m;

        Assert.Equal(0m, Rule.Judge(baseline, 0.14m).UsualEur);
        Assert.False(Rule.Judge(baseline, 0.14m).Unusual);
        Assert.True(Rule.Judge(baseline, 0.15m).Unusual);
        Assert.Null(Rule.Judge(baseline, 0.15m).Times);
        // A history shorter than fourteen days is padded with days of nothing.
        Assert.Equal(0m, Rule.Judge([5m, 5m], 1m).UsualEur);
    }

    [Fact]
    public void A_scope_that_spent_nothing_in_the_fourteen_days_before_has_no_usual_level_and_is_not_judged()
    {
        Assert.False(Rule.Judge(Usual(0m), 100m).Unusual);
        Assert.False(Rule.Judge([], 100m).Unusual);
    }

    [Fact]
    public void An_even_number_of_days_takes_the_mean_of_the_middle_two()
    {
        var baseline = Enumerable.Range(1, 14).Select(i => (decimal)i).ToArray();

        Assert.Equal(7.5m, Rule.Judge(baseline, 0m).UsualEur);
    }

    [Fact]
    public void An_unusual_day_is_flagged_once_and_checking_again_raises_nothing()
    {
        var unusual = Rule.Judge(Usual(1m), 5m);

        var first = SpendAnomalyDecisions.Check(BudgetMonth.Empty, "cfo", "2026-12", Day, unusual, [Channel], Guid.NewGuid, Now);
        var again = SpendAnomalyDecisions.Check(BudgetMonth.Fold(first), "cfo", "2026-12", Day, unusual, [Channel], Guid.NewGuid, Now);

        var flagged = Assert.IsType<SpendAnomalyFlagged>(Assert.Single(first));
        Assert.Equal(("cfo", Day, 5m, 1m), (flagged.Scope, flagged.Day, flagged.DayEur, flagged.UsualEur));
        Assert.Equal([Channel], flagged.Channels);
        Assert.Empty(again);
    }

    [Fact]
    public void A_usual_day_after_an_episode_is_back_to_normal_once_and_the_alert_is_delivered_like_a_budgets()
    {
        var flagged = SpendAnomalyDecisions.Check(BudgetMonth.Empty, "agent:cfo-variance", "2026-12", Day, Rule.Judge(Usual(1m), 5m), [Channel],
            Guid.NewGuid, Now);
        var open = BudgetMonth.Fold(flagged);
        var usual = Rule.Judge(Usual(1m), 0.5m);

        var normal = SpendAnomalyDecisions.Check(open, "agent:cfo-variance", "2026-12", Day.AddDays(1), usual, [Channel], Guid.NewGuid, Now);
        var state = BudgetMonth.Fold([.. flagged, .. normal]);
        var again = SpendAnomalyDecisions.Check(state, "agent:cfo-variance", "2026-12", Day.AddDays(1), usual, [Channel], Guid.NewGuid, Now);

        var back = Assert.IsType<SpendBackToNormal>(Assert.Single(normal));
        Assert.Equal((Day.AddDays(1), 0.5m), (back.Day, back.DayEur));
        Assert.Empty(again);
        Assert.Null(state.OpenAnomaly);
        // Both alerts go to the channel the budget alerts' way: each is claimed once for posting.
        var (claim, step) = BudgetAlertDecisions.Claim(state, back.AlertId, Channel, "job-1", Now);
        Assert.IsType<DeliveryStep.Post>(step);
        Assert.IsType<BudgetAlertSending>(Assert.Single(claim));
    }

    [Fact]
    public void A_usual_day_with_no_episode_open_raises_nothing()
    {
        Assert.Empty(SpendAnomalyDecisions.Check(BudgetMonth.Empty, "cfo", "2026-12", Day, Rule.Judge(Usual(1m), 1m), [], Guid.NewGuid, Now));
    }
}
