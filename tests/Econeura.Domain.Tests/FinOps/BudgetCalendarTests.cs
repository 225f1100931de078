using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.FinOps;

/// <summary>Months and days in Madrid time: the month a cost belongs to is the one people there were living.</summary>
public sealed class BudgetCalendarTests
{
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2026, 1, 31, 22, 59, "2026-01")] // 23:59 CET
    [InlineData(2026, 1, 31, 23, 0, "2026-02")]  // 00:00 CET on the 1st
    [InlineData(2026, 3, 31, 21, 59, "2026-03")] // 23:59 CEST
    [InlineData(2026, 3, 31, 22, 0, "2026-04")]  // 00:00 CEST on the 1st
    [InlineData(2026, 10, 31, 22, 59, "2026-10")] // 23:59 CET, after October's change
    [InlineData(2026, 10, 31, 23, 0, "2026-11")]
    [InlineData(2026, 12, 31, 23, 0, "2027-01")]
    public void The_month_is_the_one_in_Madrid_not_in_UTC(int year, int month, int day, int hour, int minute, string expected) =>
        Assert.Equal(expected, BudgetCalendar.MonthOf(Utc(year, month, day, hour, minute), Madrid));

    [Fact]
    public void The_spring_change_skips_an_hour_but_not_a_day()
    {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
        Assert.Equal(new DateOnly(2026, 3, 29), BudgetCalendar.LocalDay(Utc(2026, 3, 29, 0, 59), Madrid));
        Assert.Equal(new DateOnly(2026, 3, 29), BudgetCalendar.LocalDay(Utc(2026, 3, 29, 1, 0), Madrid));
        Assert.Equal(new DateOnly(2026, 3, 29), BudgetCalendar.LocalDay(Utc(2026, 3, 29, 21, 59), Madrid));
        Assert.Equal(new DateOnly(2026, 3, 30), BudgetCalendar.LocalDay(Utc(2026, 3, 29, 22, 0), Madrid));
    }

    [Fact]
    public void The_autumn_change_repeats_an_hour_and_the_day_still_ends_at_local_midnight()
    {
        // 25 October 2026: 03:00 CEST becomes 02:00 CET at 01:00 UTC.
        Assert.Equal(new DateOnly(2026, 10, 25), BudgetCalendar.LocalDay(Utc(2026, 10, 25, 0, 30), Madrid));
        Assert.Equal(new DateOnly(2026, 10, 25), BudgetCalendar.LocalDay(Utc(2026, 10, 25, 1, 30), Madrid));
        Assert.Equal(new DateOnly(2026, 10, 25), BudgetCalendar.LocalDay(Utc(2026, 10, 25, 22, 59), Madrid));
        Assert.Equal(new DateOnly(2026, 10, 26), BudgetCalendar.LocalDay(Utc(2026, 10, 25, 23, 0), Madrid));
    }

    [Fact]
    public void A_month_spans_its_first_and_last_local_days() =>
        Assert.Equal((new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)), BudgetCalendar.DaysOf("2026-02"));

    [Fact]
    public void The_elapsed_part_of_the_month_counts_from_local_midnight_on_the_first() =>
        Assert.Equal(1.5, BudgetCalendar.ElapsedDays(Utc(2026, 4, 2, 10), Madrid), precision: 6); // 12:00 CEST on 2 April

    [Fact]
    public void The_forecast_goes_on_at_the_pace_of_the_month_so_far()
    {
        Assert.Equal(60m, Forecast.ToMonthEnd(20m, elapsedDays: 10, daysInMonth: 30));
        Assert.Equal(20m, Forecast.ToMonthEnd(20m, elapsedDays: 31, daysInMonth: 31));
        Assert.Equal(0m, Forecast.ToMonthEnd(0m, elapsedDays: 0, daysInMonth: 30));
    }
}
