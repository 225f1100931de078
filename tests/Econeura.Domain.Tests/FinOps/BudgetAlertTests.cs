using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.FinOps;

public sealed class BudgetAlertTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly BudgetRule Budget = new("cfo", 100m, [100, 50, 80], BudgetAtLimit.Block);

    [Fact]
    public void Below_the_first_threshold_nothing_is_raised() =>
        Assert.Empty(BudgetAlertDecisions.Check(BudgetMonth.Empty, Budget, "2026-11", 49.99m, posted: true, Now));

    [Theory]
    [InlineData(49.99, false)]
    [InlineData(50, true)]
    [InlineData(120, true)]
    public void A_spend_reaches_a_threshold_from_the_lowest_one_on(decimal spent, bool reaches)
    {
        Assert.Equal(reaches, Budget.ReachesAThreshold(spent));
        Assert.Equal(reaches, BudgetAlertDecisions.Check(BudgetMonth.Empty, Budget, "2026-11", spent, posted: true, Now).Count > 0);
    }

    [Fact]
    public void Every_threshold_reached_is_raised_in_order_once()
    {
        var crossed = BudgetAlertDecisions.Check(BudgetMonth.Empty, Budget, "2026-11", 85m, posted: true, Now);
        var again = BudgetAlertDecisions.Check(BudgetMonth.Fold(crossed), Budget, "2026-11", 90m, posted: true, Now);

        Assert.Equal([50, 80], crossed.Select(c => c.ThresholdPercent));
        Assert.Equal(new BudgetThresholdCrossed("cfo", "2026-11", 50, 85m, 100m, true, Now), crossed[0]);
        Assert.Empty(again);
    }

    [Fact]
    public void Reaching_the_limit_later_raises_only_the_new_threshold()
    {
        var earlier = BudgetMonth.Fold(BudgetAlertDecisions.Check(BudgetMonth.Empty, Budget, "2026-11", 85m, posted: false, Now));

        var limit = BudgetAlertDecisions.Check(earlier, Budget, "2026-11", 100m, posted: false, Now);

        Assert.Equal([100], limit.Select(c => c.ThresholdPercent));
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
}
