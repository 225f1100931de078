namespace Econeura.Domain.FinOps;

/// <summary>Where a budget's month stands against its limit: reached (on which day), to be reached (on which day at this pace), or not this month.</summary>
public enum LimitOutlook
{
    Reached,
    WillReach,
    WillNotReach,
}

/// <param name="Day">The local day the limit was reached, or will be at this pace; null when it will not be this month, or the day is not known.</param>
public sealed record LimitForecast(LimitOutlook Outlook, DateOnly? Day);

public static class Forecast
{
    /// <summary>Linear on the month so far: what the month ends at if spending goes on at the same pace.</summary>
    public static decimal ToMonthEnd(decimal spentSoFar, double elapsedDays, int daysInMonth)
    {
        if (elapsedDays <= 0) return spentSoFar;
        var pace = spentSoFar / (decimal)Math.Min(elapsedDays, daysInMonth);
        return PriceRule.Round(pace * daysInMonth);
    }

    /// <summary>
    /// When the month's spend reaches <paramref name="limitEur"/>, on the same linear pace as <see cref="ToMonthEnd"/>
    /// (so a date is given exactly when that forecast reaches the limit). <paramref name="spentByDay"/> is the spend of
    /// each local day from the 1st up to today: the first day whose running total reaches the limit is the day it was
    /// reached. Otherwise the limit is reached in the day during which the month's elapsed time times the pace passes it.
    /// </summary>
    public static LimitForecast Limit(IReadOnlyList<decimal> spentByDay, DateOnly firstDay, double elapsedDays, int daysInMonth, decimal limitEur)
    {
        var running = 0m;
        for (var index = 0; index < spentByDay.Count; index++)
        {
            running += spentByDay[index];
            if (running >= limitEur) return new LimitForecast(LimitOutlook.Reached, firstDay.AddDays(index));
        }
        if (running <= 0 || elapsedDays <= 0 || ToMonthEnd(running, elapsedDays, daysInMonth) < limitEur)
            return new LimitForecast(LimitOutlook.WillNotReach, null);
        var pace = running / (decimal)Math.Min(elapsedDays, daysInMonth);
        // The limit falls within day n (counted from 0) when n < days needed <= n + 1; a forecast rounded up to the limit ends on the last day.
        var daysNeeded = limitEur / pace;
        var index0 = (int)Math.Min(Math.Ceiling(daysNeeded) - 1, daysInMonth - 1);
        return new LimitForecast(LimitOutlook.WillReach, firstDay.AddDays(Math.Max(index0, 0)));
    }

    /// <summary>
    /// The same outlook from the month's total alone (a budget whose spend is known only by month): reached, with no day,
    /// or the day the pace reaches it.
    /// </summary>
    public static LimitForecast Limit(decimal spentSoFar, DateOnly firstDay, double elapsedDays, int daysInMonth, decimal limitEur) =>
        spentSoFar >= limitEur
            ? new LimitForecast(LimitOutlook.Reached, null)
            : Limit([spentSoFar], firstDay, elapsedDays, daysInMonth, limitEur);
}
