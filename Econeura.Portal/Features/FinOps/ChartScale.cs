using MudBlazor;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// MudBlazor's axis charts tick in whole numbers, but a day's spend can be a few thousandths of a euro. Values are
/// therefore plotted in a unit (euros, thousandths or millionths) that makes them whole-number sized; the axis labels and
/// bar values turn them back into euros, and so does a tooltip's format, whose commas before the decimal point divide
/// by a thousand each (which is why the units are powers of a thousand).
/// </summary>
public sealed record ChartScale(decimal Unit, int Step)
{
    public static ChartScale Of(IEnumerable<decimal> values)
    {
        var max = values.DefaultIfEmpty(0m).Max();
        var unit = max >= 5m ? 1m : max >= 0.005m ? 0.001m : 0.000001m;
        var top = Math.Max((double)(max / unit), 1);
        return new ChartScale(unit, NiceStep(top / 5));
    }

    public double Plot(decimal eur) => (double)(eur / Unit);

    public LineChartOptions LineOptions() => new() { YAxisTicks = Step, YAxisToStringFunc = Label, MaxNumYAxisTicks = 8 };

    /// <summary>Each bar's value is written above it, in euros.</summary>
    public BarChartOptions BarOptions() =>
        new() { YAxisTicks = Step, YAxisToStringFunc = Label, MaxNumYAxisTicks = 8, XAxisLabelRotation = 30, ShowValues = true };

    /// <summary>A series whose tooltips read its value in euros (to the ten-thousandth, like the tables).</summary>
    public ChartSeries<double> Series(string name, IEnumerable<decimal> values) => new()
    {
        Name = name,
        Data = new ChartData<double>(values.Select(Plot).ToArray()),
        TooltipYValueFormat = Unit switch { 1m => "#,##0.00## €", 0.001m => "#,##0,.0000 €", _ => "#,##0,,.000000 €" },
    };

    private string Label(double plotted) => Formatting.Euros((decimal)plotted * Unit);

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="raw"/>.</summary>
    private static int NiceStep(double raw)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(raw, 1))));
        var step = new[] { 1, 2, 5, 10 }.Select(f => f * power).First(s => s >= raw);
        return (int)Math.Max(1, step);
    }
}
