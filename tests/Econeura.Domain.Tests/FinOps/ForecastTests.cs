using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.FinOps;

/// <summary>When a month's budget runs out at the pace the month has spent so far.</summary>
public sealed class ForecastTests
{
    [Theory]
    [InlineData(50, 20, 10, "2026-12-25")]     // 2 € a day: 50 € are spent as the 25th ends
    [InlineData(20, 10, 1.5, "2026-12-03")]    // a day and a half has spent half: three days' worth
    [InlineData(21, 20, 10, "2026-12-11")]     // 10.5 days' worth: reached during the 11th
    [InlineData(30, 60, 10, "2026-12-05")]     // already past it: the day the pace crossed it
    [InlineData(62, 2, 1, "2026-12-31")]       // on the month's last day still counts
    public void The_limit_is_reached_on_the_day_the_months_pace_crosses_it(double limit, double spent, double elapsed, string day) =>
        Assert.Equal(DateOnly.Parse(day), Forecast.DayReaching((decimal)limit, (decimal)spent, elapsed, "2026-12"));

    [Theory]
    [InlineData(100, 20, 10)]  // 2 € a day reaches 62 € by the 31st, not 100
    [InlineData(100, 0, 10)]   // nothing spent: no pace
    [InlineData(100, 5, 0)]    // the month has not started
    public void A_pace_that_does_not_reach_the_limit_this_month_forecasts_no_day(double limit, double spent, double elapsed) =>
        Assert.Null(Forecast.DayReaching((decimal)limit, (decimal)spent, elapsed, "2026-12"));

    [Fact]
    public void February_ends_on_its_own_last_day() =>
        Assert.Null(Forecast.DayReaching(29.5m, 1m, 1, "2026-02"));
}
