using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.FinOps;

/// <summary>Will the month's spend reach the budget, and on which day: the question finance asks of the burn chart.</summary>
public sealed class ForecastTests
{
    private static readonly DateOnly December = new(2026, 12, 1);

    private static decimal[] Days(params decimal[] spend) => spend;

    [Fact]
    public void Ten_euros_a_day_reaches_a_limit_of_one_hundred_on_the_tenth()
    {
        // Five whole days at 10 EUR: 100 EUR is 10 days of that pace, so the tenth day ends at the limit.
        var limit = Forecast.Limit(Days(10, 10, 10, 10, 10), December, elapsedDays: 5, daysInMonth: 31, limitEur: 100m);

        Assert.Equal(new LimitForecast(LimitOutlook.WillReach, new DateOnly(2026, 12, 10)), limit);
    }

    [Fact]
    public void A_limit_passed_part_way_through_a_day_is_reached_during_that_day()
    {
        // 12 EUR a day: 100 EUR after 8.33 days, i.e. during the ninth day.
        var limit = Forecast.Limit(Days(12, 12, 12), December, elapsedDays: 3, daysInMonth: 31, limitEur: 100m);

        Assert.Equal(new DateOnly(2026, 12, 9), limit.Day);
    }

    [Fact]
    public void A_limit_already_spent_names_the_day_the_running_total_reached_it()
    {
        var limit = Forecast.Limit(Days(30, 0, 50, 25, 40), December, elapsedDays: 5, daysInMonth: 31, limitEur: 100m);

        Assert.Equal(new LimitForecast(LimitOutlook.Reached, new DateOnly(2026, 12, 4)), limit);
    }

    [Fact]
    public void A_pace_that_ends_the_month_below_the_limit_gives_no_day_and_agrees_with_the_month_end_forecast()
    {
        var limit = Forecast.Limit(Days(1, 1, 1), December, elapsedDays: 3, daysInMonth: 31, limitEur: 100m);

        Assert.Equal(new LimitForecast(LimitOutlook.WillNotReach, null), limit);
        Assert.True(Forecast.ToMonthEnd(3m, 3, 31) < 100m);
    }

    [Fact]
    public void A_pace_that_ends_the_month_exactly_at_the_limit_reaches_it_on_the_last_day()
    {
        var limit = Forecast.Limit(Days(10, 10, 10), new DateOnly(2026, 11, 1), elapsedDays: 3, daysInMonth: 30, limitEur: 300m);

        Assert.Equal(new LimitForecast(LimitOutlook.WillReach, new DateOnly(2026, 11, 30)), limit);
    }

    [Fact]
    public void Nothing_spent_or_no_time_gone_forecasts_nothing()
    {
        Assert.Equal(LimitOutlook.WillNotReach, Forecast.Limit(Days(0, 0), December, elapsedDays: 2, daysInMonth: 31, limitEur: 1m).Outlook);
        Assert.Equal(LimitOutlook.WillNotReach, Forecast.Limit(Days(), December, elapsedDays: 0, daysInMonth: 31, limitEur: 1m).Outlook);
    }

    [Fact]
    public void The_first_hours_of_a_month_forecast_from_the_hours_gone_not_from_a_whole_day()
    {
        // 0.5 EUR in the first six hours is 2 EUR a day: 10 EUR during the fifth day.
        var limit = Forecast.Limit(Days(0.5m), December, elapsedDays: 0.25, daysInMonth: 31, limitEur: 10m);

        Assert.Equal(new DateOnly(2026, 12, 5), limit.Day);
    }

    [Fact]
    public void From_a_months_total_alone_a_spent_budget_is_reached_without_a_day_and_a_pace_gives_one()
    {
        Assert.Equal(new LimitForecast(LimitOutlook.Reached, null), Forecast.Limit(120m, December, elapsedDays: 5, daysInMonth: 31, limitEur: 100m));
        Assert.Equal(new DateOnly(2026, 12, 10), Forecast.Limit(50m, December, elapsedDays: 5, daysInMonth: 31, limitEur: 100m).Day);
    }
}
