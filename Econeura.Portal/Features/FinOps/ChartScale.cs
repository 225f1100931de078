using MudBlazor;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// MudBlazor's axis charts tick in whole numbers, but a day's spend can be a few hundredths of a euro. Values are
/// therefore plotted in a unit (euros, cents, or ten-thousandths) that makes them whole-number sized, and the axis
/// labels turn them back into euros.
/// </summary>
public sealed record ChartScale(decimal Unit, int Step)
{
    public static ChartScale Of(IEnumerable<decimal> values)
    {
        var max = values.DefaultIfEmpty(0m).Max();
        var unit = max >= 5m ? 1m : max >= 0.05m ? 0.01m : 0.0001m;
        var top = Math.Max((double)(max / unit), 1);
        return new ChartScale(unit, NiceStep(top / 5));
    }

    public double Plot(decimal eur) => (double)(eur / Unit);

    public LineChartOptions LineOptions() => new() { YAxisTicks = Step, YAxisToStringFunc = Label, MaxNumYAxisTicks = 8 };

    public BarChartOptions BarOptions() => new() { YAxisTicks = Step, YAxisToStringFunc = Label, MaxNumYAxisTicks = 8, XAxisLabelRotation = 30 };

    private string Label(double plotted) => Formatting.Euros((decimal)plotted * Unit);

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="raw"/>.</summary>
    private static int NiceStep(double raw)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(raw, 1))));
        var step = new[] { 1, 2, 5, 10 }.Select(f => f * power).First(s => s >= raw);
        return (int)Math.Max(1, step);
    }
}
