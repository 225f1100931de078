using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.FinOps;

public sealed class BudgetAlertTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly BudgetRule Budget = new("cfo", 100m, [100, 50, 80], BudgetAtLimit.Block);
    private static readonly Guid Channel = new("00000000-0000-0000-0000-0000000000c1");

    private static Func<Guid> Ids()
    {
        var next = 0;
        return () => new Guid(++next, 0, 0, new byte[8]);
    }

    private static IReadOnlyList<object> Check(BudgetMonth state, decimal spent, BudgetRule? budget = null) =>
        BudgetAlertDecisions.Check(state, budget ?? Budget, "2026-11", spent, [Channel], Ids(), Now);

    private static BudgetMonth After(params IEnumerable<object>[] events) => BudgetMonth.Fold([.. events.SelectMany(e => e)]);

    [Fact]
    public void Below_the_first_threshold_nothing_is_raised() => Assert.Empty(Check(BudgetMonth.Empty, 49.99m));

    [Theory]
    [InlineData(49.99, false)]
    [InlineData(50, true)]
    [InlineData(120, true)]
    public void A_spend_reaches_a_threshold_from_the_lowest_one_on(decimal spent, bool reaches)
    {
        Assert.Equal(reaches, Budget.ReachesAThreshold(spent));
        Assert.Equal(reaches, Check(BudgetMonth.Empty, spent).Count > 0);
    }

    [Fact]
    public void Every_threshold_reached_is_raised_in_order_once_each_with_its_own_id_and_the_channels()
    {
        var crossed = Check(BudgetMonth.Empty, 85m);
        var again = Check(After(crossed), 90m);

        Assert.Equal([50, 80], crossed.Cast<BudgetThresholdCrossed>().Select(c => c.ThresholdPercent));
        var first = (BudgetThresholdCrossed)crossed[0];
        Assert.Equal(("cfo", "2026-11", 50, 85m, 100m, Now), (first.Scope, first.Month, first.ThresholdPercent, first.SpentEur, first.LimitEur, first.CrossedAt));
        Assert.Equal([Channel], first.Channels);
        Assert.Equal(2, crossed.Cast<BudgetThresholdCrossed>().Select(c => c.AlertId).Distinct().Count());
        Assert.Empty(again);
    }

    [Fact]
    public void Reaching_the_limit_later_raises_only_the_new_threshold() =>
        Assert.Equal([100], Check(After(Check(BudgetMonth.Empty, 85m)), 100m).Cast<BudgetThresholdCrossed>().Select(c => c.ThresholdPercent));

    [Fact]
    public void Raising_the_limit_clears_the_thresholds_above_the_new_share_in_one_back_under_alert_and_rearms_them()
    {
        var month = After(Check(BudgetMonth.Empty, 100m));
        var raised = Budget with { LimitEur = 120m };

        var cleared = Assert.IsType<BudgetThresholdsCleared>(Assert.Single(Check(month, 100m, raised)));
        var rearmed = After(Check(BudgetMonth.Empty, 100m), [cleared]);
        var reachedAgain = Check(rearmed, 120m, raised);

        // 100 EUR is 83 % of 120: 80 % stays crossed, 100 % is back under.
        Assert.Equal([100], cleared.ThresholdsPercent);
        Assert.Equal((BudgetClearedBy.LimitRaised, 100m, 120m), (cleared.By, cleared.SpentEur, cleared.LimitEur));
        Assert.Equal([50, 80], rearmed.Crossed.Keys.Order());
        Assert.Equal([100], reachedAgain.Cast<BudgetThresholdCrossed>().Select(c => c.ThresholdPercent));
    }

    [Fact]
    public void A_check_that_read_the_spend_before_a_later_crossing_does_not_take_it_for_a_fall()
    {
        var month = After(Check(BudgetMonth.Empty, 100m));

        Assert.Empty(Check(month, 60m));
    }

    [Fact]
    public void A_raise_above_every_crossing_and_a_new_crossing_come_in_one_decision_when_thresholds_move()
    {
        var month = After(Check(BudgetMonth.Empty, 85m));

        var events = Check(month, 85m, Budget with { LimitEur = 200m, ThresholdsPercent = [40, 50, 80] });

        Assert.Equal([50, 80], Assert.IsType<BudgetThresholdsCleared>(events[0]).ThresholdsPercent);
        Assert.Equal([40], events.Skip(1).Cast<BudgetThresholdCrossed>().Select(c => c.ThresholdPercent));
    }

    [Fact]
    public void A_month_that_ended_with_thresholds_crossed_is_cleared_once()
    {
        var month = After(Check(BudgetMonth.Empty, 85m));

        var closed = BudgetAlertDecisions.CloseMonth(month, "cfo", "2026-11", [Channel], Ids(), Now);
        var again = BudgetAlertDecisions.CloseMonth(After(Check(BudgetMonth.Empty, 85m), closed), "cfo", "2026-11", [Channel], Ids(), Now);

        var cleared = Assert.IsType<BudgetThresholdsCleared>(Assert.Single(closed));
        Assert.Equal([50, 80], cleared.ThresholdsPercent);
        Assert.Equal((BudgetClearedBy.MonthEnded, 85m), (cleared.By, cleared.SpentEur));
        Assert.Empty(again);
        Assert.Empty(BudgetAlertDecisions.CloseMonth(BudgetMonth.Empty, "cfo", "2026-11", [Channel], Ids(), Now));
    }

    [Fact]
    public void A_claimed_alert_is_not_claimed_again_while_its_post_may_be_under_way()
    {
        var crossed = Check(BudgetMonth.Empty, 100m).Cast<BudgetThresholdCrossed>().ToList();
        var alert = crossed[^1].AlertId;

        var (claim, step) = BudgetAlertDecisions.Claim(After(crossed), alert, Channel, "job-1", Now);
        var (other, otherStep) = BudgetAlertDecisions.Claim(After(crossed, claim), alert, Channel, "job-2", Now.AddSeconds(5));

        Assert.Equal(1, Assert.IsType<DeliveryStep.Post>(step).Claim.Attempt);
        Assert.Empty(other);
        Assert.IsType<DeliveryStep.Nothing>(otherStep);
    }

    [Fact]
    public void A_claim_whose_run_ended_without_an_outcome_is_recorded_as_unknown_and_never_posted_again()
    {
        var crossed = Check(BudgetMonth.Empty, 100m);
        var alert = ((BudgetThresholdCrossed)crossed[^1]).AlertId;
        var (claim, _) = BudgetAlertDecisions.Claim(After(crossed), alert, Channel, "job-1", Now);

        var (byItsRetry, retryStep) = BudgetAlertDecisions.Claim(After(crossed, claim), alert, Channel, "job-1", Now.AddSeconds(5));
        var (byAnother, _) = BudgetAlertDecisions.Claim(After(crossed, claim), alert, Channel, "job-2", Now + BudgetAlertDecisions.ClaimLifetime + TimeSpan.FromSeconds(1));
        var unknown = After(crossed, claim, byItsRetry);

        Assert.IsType<BudgetAlertOutcomeUnknown>(Assert.Single(byItsRetry));
        Assert.IsType<DeliveryStep.Nothing>(retryStep);
        Assert.IsType<BudgetAlertOutcomeUnknown>(Assert.Single(byAnother));
        Assert.Equal(ChannelDeliveryState.Unknown, unknown.Deliveries[(alert, Channel)].State);
        Assert.Empty(BudgetAlertDecisions.Claim(unknown, alert, Channel, "job-3", Now.AddHours(1)).Events);
    }

    [Fact]
    public void A_failure_worth_retrying_lets_the_next_run_claim_the_next_attempt_and_a_late_outcome_wins_over_unknown()
    {
        var crossed = Check(BudgetMonth.Empty, 100m);
        var alert = ((BudgetThresholdCrossed)crossed[^1]).AlertId;
        var (first, firstStep) = BudgetAlertDecisions.Claim(After(crossed), alert, Channel, "job-1", Now);
        var failed = BudgetAlertDecisions.Outcome(After(crossed, first), ((DeliveryStep.Post)firstStep).Claim, "HTTP 503", final: false, Now);

        var (second, secondStep) = BudgetAlertDecisions.Claim(After(crossed, first, failed), alert, Channel, "job-1", Now.AddSeconds(5));
        var secondClaim = ((DeliveryStep.Post)secondStep).Claim;
        var unknown = BudgetAlertDecisions.Claim(After(crossed, first, failed, second), alert, Channel, "job-1", Now.AddSeconds(6)).Events;
        var delivered = BudgetAlertDecisions.Outcome(After(crossed, first, failed, second, unknown), secondClaim, null, final: true, Now.AddSeconds(7));

        Assert.Equal(2, secondClaim.Attempt);
        Assert.Equal(ChannelDeliveryState.Delivered, After(crossed, first, failed, second, unknown, delivered).Deliveries[(alert, Channel)].State);
    }

    [Fact]
    public void An_alert_raised_without_channels_is_never_posted()
    {
        var crossed = BudgetAlertDecisions.Check(BudgetMonth.Empty, Budget, "2026-11", 100m, [], Ids(), Now);

        Assert.IsType<DeliveryStep.Nothing>(BudgetAlertDecisions.Claim(After(crossed), ((BudgetThresholdCrossed)crossed[0]).AlertId, Channel, "job-1", Now).Step);
    }

    [Fact]
    public void A_budget_with_impossible_settings_names_each_problem() =>
        Assert.Equal(["limitEur", "thresholdsPercent"], new BudgetRule("cfo", 0m, [80, 80], BudgetAtLimit.Block).Problems().Keys.Order());

    [Theory]
    [InlineData("0.0000000000000000000000000001", false)]
    [InlineData("0.009", false)]
    [InlineData("0.01", true)]
    [InlineData("10000000", true)]
    [InlineData("10000000.01", false)]
    [InlineData("79228162514264337593543950335", false)]
    public void A_limit_is_a_cent_at_least_and_ten_million_euros_at_most(string limit, bool accepted) =>
        Assert.Equal(accepted, !new BudgetRule("cfo", decimal.Parse(limit, System.Globalization.CultureInfo.InvariantCulture), [80], BudgetAtLimit.Block)
            .Problems().ContainsKey("limitEur"));

    [Fact]
    public void Alert_channels_name_each_problem_by_field()
    {
        var problems = AlertChannelRules.Validate([
            new AlertChannel(Guid.Empty, "ops", "https://hooks.example.com/a", "X-Key", "ops-key"),
            new AlertChannel(Guid.Empty, "OPS", "ftp://example.com", "Idempotency-Key", null),
            new AlertChannel(Guid.Empty, "", "https://user:pw@example.com", null, "bad name"),
        ]);

        Assert.Equal([
            ("channels[1].name", AlertChannelProblem.Duplicate), ("channels[1].url", AlertChannelProblem.NotAnAddress),
            ("channels[1].secretHeader", AlertChannelProblem.NotAHeaderName), ("channels[1].secretName", AlertChannelProblem.HeaderWithoutSecret),
            ("channels[2].name", AlertChannelProblem.Required), ("channels[2].url", AlertChannelProblem.NotAnAddress),
            ("channels[2].secretName", AlertChannelProblem.NotASecretName), ("channels[2].secretHeader", AlertChannelProblem.HeaderWithoutSecret),
        ], problems);
    }

    [Fact]
    public void A_crossing_stored_before_alerts_had_ids_and_channels_reads_as_a_portal_only_alert_of_its_own()
    {
        // As the store kept crossings when one webhook served every tenant.
        static BudgetThresholdCrossed Legacy(int threshold) => System.Text.Json.JsonSerializer.Deserialize<BudgetThresholdCrossed>(
            $$"""{"scope":"cfo","month":"2026-11","thresholdPercent":{{threshold}},"spentEur":81,"limitEur":100,"posted":true,"crossedAt":"2026-11-20T10:00:00+00:00"}""",
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;

        var (fifty, eighty) = (Legacy(50), Legacy(80));

        Assert.Empty(fifty.Channels);
        Assert.NotEqual(Guid.Empty, fifty.AlertId);
        Assert.NotEqual(fifty.AlertId, eighty.AlertId);
        Assert.Equal(fifty.AlertId, Legacy(50).AlertId);
        // Folded with today's events, the month knows what it crossed and raises only what is new.
        var crossed = Assert.Single(Check(After([fifty, eighty]), 100m).OfType<BudgetThresholdCrossed>());
        Assert.Equal(100, crossed.ThresholdPercent);
    }
}
