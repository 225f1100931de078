namespace Econeura.Domain.FinOps;

/// <summary>What happens to new requests once a budget is spent.</summary>
public enum BudgetAtLimit
{
    Block,
    RequireApproval,
}

/// <summary>A monthly budget of the tenant (<see cref="TenantScope"/>) or of one department, with its alert thresholds.</summary>
public sealed record BudgetRule(string Scope, decimal LimitEur, IReadOnlyList<int> ThresholdsPercent, BudgetAtLimit AtLimit)
{
    public const string TenantScope = "tenant";
    public const int MaxThresholds = 10;

    /// <summary>A cent: below it a month's spend divided by the limit runs towards <c>decimal</c>'s end.</summary>
    public const decimal MinLimitEur = 0.01m;

    public const decimal MaxLimitEur = 10_000_000m;

    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        if (LimitEur is < MinLimitEur or > MaxLimitEur) problems["limitEur"] = "Between 0.01 and 10,000,000 EUR.";
        if (ThresholdsPercent.Count == 0 || ThresholdsPercent.Count > MaxThresholds) problems["thresholdsPercent"] = $"Between 1 and {MaxThresholds} thresholds.";
        else if (ThresholdsPercent.Any(t => t is < 1 or > 1000)) problems["thresholdsPercent"] = "Each between 1 and 1,000 %.";
        else if (ThresholdsPercent.Distinct().Count() != ThresholdsPercent.Count) problems["thresholdsPercent"] = "Each threshold once.";
        return problems;
    }

    public decimal AmountAt(int percent) => LimitEur * percent / 100m;

    /// <summary>Whose budget it is, in the audit trail's and the API's English: "company's", "'cfo' department's".</summary>
    public static string OwnerInEnglish(string scope) => scope == TenantScope ? "company's" : $"'{scope}' department's";

    /// <summary>Whether this spend has reached any threshold at all: below the lowest there is nothing to raise, whatever this month already raised.</summary>
    public bool ReachesAThreshold(decimal spentEur) => ThresholdsPercent.Any(percent => spentEur >= AmountAt(percent));
}

/// <summary>Months and days as the tenant lives them: in its time zone, daylight saving included.</summary>
public static class BudgetCalendar
{
    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>"2026-03": the month an instant falls in, locally.</summary>
    public static string MonthOf(DateTimeOffset instant, TimeZoneInfo zone) => MonthOf(LocalDay(instant, zone));

    public static string MonthOf(DateOnly day) => $"{day.Year:D4}-{day.Month:D2}";

    public static (DateOnly First, DateOnly Last) DaysOf(string month)
    {
        var first = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd");
        return (first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary>
    /// How much of the local month has passed at <paramref name="instant"/>, in days (fractions included), so a forecast
    /// on the morning of the 1st is not made from a whole day's worth of time.
    /// </summary>
    public static double ElapsedDays(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var start = new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, zone.GetUtcOffset(new DateTime(local.Year, local.Month, 1)));
        return Math.Max((instant - start).TotalDays, 0);
    }
}

public static class Forecast
{
    /// <summary>Linear on the month so far: what the month ends at if spending goes on at the same pace.</summary>
    public static decimal ToMonthEnd(decimal spentSoFar, double elapsedDays, int daysInMonth)
    {
        if (elapsedDays <= 0) return spentSoFar;
        var pace = spentSoFar / (decimal)Math.Min(elapsedDays, daysInMonth);
        return PriceRule.Round(pace * daysInMonth);
    }
}
