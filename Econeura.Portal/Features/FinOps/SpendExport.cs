using System.Globalization;
using System.Text;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// The dashboard's rows as CSV, streamed as they are read: in Spanish ";" between fields and "," before decimals, in
/// English "," and "."; a cell that a spreadsheet would take for a formula is quoted and prefixed so it stays text.
/// Costs are written exactly (at least four decimals, more when they have them), so the rows add up to the dashboard's total.
/// The requester's cost centre came later, as the last column, so spreadsheets that read the columns before it by
/// position still read them; it is empty for none.
/// </summary>
public static class SpendExport
{
    public static async Task WriteAsync(HttpContext context, PortalUser user, SpendQueries spend, SpendFilter filter, IStringLocalizer<Strings> l,
        CancellationToken cancellationToken)
    {
        var culture = CultureInfo.CurrentCulture;
        var separator = culture.NumberFormat.NumberDecimalSeparator == "," ? ';' : ',';
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"econeura-spend-{filter.From:yyyyMMdd}-{filter.To:yyyyMMdd}.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await writer.WriteLineAsync(string.Join(separator, new[]
        {
            l["Csv_Day"], l["Csv_Department"], l["Csv_Agent"], l["Csv_User"], l["Csv_Model"], l["Csv_Calls"],
            l["Csv_InputTokens"], l["Csv_OutputTokens"], l["Csv_CostEur"], l["Csv_CostCentre"],
        }.Select(h => Cell(h.Value, separator))));
        await foreach (var row in spend.RowsAsync(user.TenantId, filter, cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(separator,
                Cell(row.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), separator), Cell(row.Department, separator), Cell(row.AgentId, separator),
                Cell(row.UserName, separator), Cell(row.Model, separator), row.Calls.ToString(CultureInfo.InvariantCulture),
                row.InputTokens.ToString(CultureInfo.InvariantCulture), row.OutputTokens.ToString(CultureInfo.InvariantCulture),
                row.CostEur.ToString(ExactCost, culture), Cell(row.CostCentre, separator)));
        }
    }

    /// <summary>Four decimals, then every further one a cost has (up to the 28 a decimal holds).</summary>
    private const string ExactCost = "0.0000########################";

    private static string Cell(string value, char separator)
    {
        var text = value.Length > 0 && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;
        return text.IndexOfAny([separator, '"', '\n', '\r']) >= 0 || text != value ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }
}
