using System.Globalization;
using System.Text.RegularExpressions;

namespace Econeura.Domain.FinOps;

/// <summary>Calls and tokens of one model on one day, as the provider bills them or as Econeura recorded them.</summary>
public sealed record ModelUsage(DateOnly Day, string Model, long Calls, long InputTokens, long OutputTokens);

/// <summary>One model on one day, side by side: what the provider's export says and what Econeura recorded.</summary>
public sealed record ReconciliationLine(DateOnly Day, string Model, ModelUsage? Provider, ModelUsage? Recorded)
{
    public long CallsDifference => (Recorded?.Calls ?? 0) - (Provider?.Calls ?? 0);
    public long InputDifference => (Recorded?.InputTokens ?? 0) - (Provider?.InputTokens ?? 0);
    public long OutputDifference => (Recorded?.OutputTokens ?? 0) - (Provider?.OutputTokens ?? 0);
    public bool Agrees => CallsDifference == 0 && InputDifference == 0 && OutputDifference == 0;
}

/// <summary>
/// The monthly check of Econeura's record against the provider's usage export: per model and day, the calls and tokens
/// on each side and the difference (Econeura's minus the provider's). A model's dated snapshot name
/// ("gpt-4o-mini-2024-07-18") counts as its model ("gpt-4o-mini"), the name a price is kept under. Recorded calls that no
/// model provider bills (the simulator's own price key, webhooks) are left out.
/// </summary>
public static partial class Reconciliation
{
    public static IReadOnlyList<ReconciliationLine> Compare(IEnumerable<ModelUsage> provider, IEnumerable<ModelUsage> recorded)
    {
        var billed = Totals(provider);
        var kept = Totals(recorded.Where(r => r.Model != "simulator" && !r.Model.StartsWith(PriceBook.WebhookKey, StringComparison.Ordinal)));
        return billed.Keys.Union(kept.Keys)
            .Order()
            .Select(key => new ReconciliationLine(key.Day, key.Model, billed.GetValueOrDefault(key), kept.GetValueOrDefault(key)))
            .ToList();
    }

    public static string ModelOf(string name) => Snapshot().Replace(name.Trim(), "");

    private static Dictionary<(DateOnly Day, string Model), ModelUsage> Totals(IEnumerable<ModelUsage> usage) =>
        usage.GroupBy(u => (u.Day, Model: ModelOf(u.Model)))
            .ToDictionary(g => g.Key, g => new ModelUsage(g.Key.Day, g.Key.Model, g.Sum(u => u.Calls), g.Sum(u => u.InputTokens), g.Sum(u => u.OutputTokens)));

    [GeneratedRegex(@"-\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Snapshot();
}

public enum UsageExportError
{
    /// <summary>No header, or no line after it.</summary>
    Empty,

    /// <summary>A column the comparison needs is not in the header (<see cref="UsageExportProblem.Column"/>).</summary>
    MissingColumn,

    /// <summary>A cell that should be a day or a time is not one.</summary>
    BadDay,

    /// <summary>A cell that should be a whole, non-negative count is not one.</summary>
    BadNumber,

    /// <summary>A line names no model.</summary>
    NoModel,

    TooManyLines,
}

/// <summary>What is wrong with an export, where: the line (1 is the header) and the column.</summary>
public sealed record UsageExportProblem(UsageExportError Error, int Line = 0, string Column = "");

public sealed record UsageExport(IReadOnlyList<ModelUsage> Usage, IReadOnlyList<UsageExportProblem> Problems);

/// <summary>
/// Reads a provider's usage export (CSV, "," or ";"): OpenAI's usage export (<c>start_time_iso</c> or <c>start_time</c>,
/// <c>model</c>, <c>num_model_requests</c>, <c>input_tokens</c>, <c>output_tokens</c>) or the same figures under plain
/// names (<c>date</c>, <c>model</c>, <c>requests</c>, <c>input_tokens</c>, <c>output_tokens</c>), which is how an Azure
/// OpenAI metrics export is written out. Days are the provider's, in UTC. Every line is checked; nothing is half read.
/// </summary>
public static class UsageExportReader
{
    public const int MaxLines = 100_000;
    public const int MaxProblems = 20;

    private static readonly string[] DayColumns = ["start_time_iso", "date", "day", "start_time"];
    private static readonly string[] CallColumns = ["num_model_requests", "requests", "calls"];

    public static UsageExport Read(string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count < 2) return Failed(new UsageExportProblem(UsageExportError.Empty));
        if (lines.Count - 1 > MaxLines) return Failed(new UsageExportProblem(UsageExportError.TooManyLines, MaxLines + 2));
        var separator = lines[0].Count(c => c == ';') > lines[0].Count(c => c == ',') ? ';' : ',';
        var header = Cells(lines[0], separator).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Column(params string[] names) => names.Select(name => header.IndexOf(name)).FirstOrDefault(i => i >= 0, -1);
        var (day, model, calls, input, output) = (Column(DayColumns), Column("model"), Column(CallColumns), Column("input_tokens"), Column("output_tokens"));
        var missing = new[] { (day, DayColumns[0]), (model, "model"), (calls, CallColumns[0]), (input, "input_tokens"), (output, "output_tokens") }
            .Where(c => c.Item1 < 0).Select(c => new UsageExportProblem(UsageExportError.MissingColumn, 1, c.Item2)).ToList();
        if (missing.Count > 0) return Failed([.. missing]);

        var usage = new List<ModelUsage>();
        var problems = new List<UsageExportProblem>();
        for (var index = 1; index < lines.Count && problems.Count < MaxProblems; index++)
        {
            if (string.IsNullOrWhiteSpace(lines[index])) continue;
            var cells = Cells(lines[index], separator);
            string Cell(int column) => column < cells.Count ? cells[column].Trim() : "";
            var lineNumber = index + 1;
            var parsedDay = DayOf(Cell(day));
            if (parsedDay is null) problems.Add(new UsageExportProblem(UsageExportError.BadDay, lineNumber, header[day]));
            var counts = new[] { calls, input, output }.Select(column => (column, value: Count(Cell(column)))).ToList();
            problems.AddRange(counts.Where(c => c.value is null).Select(c => new UsageExportProblem(UsageExportError.BadNumber, lineNumber, header[c.column])));
            var name = Cell(model);
            if (name.Length == 0) problems.Add(new UsageExportProblem(UsageExportError.NoModel, lineNumber, header[model]));
            if (parsedDay is { } d && counts.All(c => c.value is not null) && name.Length > 0)
                usage.Add(new ModelUsage(d, name, counts[0].value!.Value, counts[1].value!.Value, counts[2].value!.Value));
        }
        if (problems.Count > 0) return Failed([.. problems]);
        return usage.Count > 0 ? new UsageExport(usage, []) : Failed(new UsageExportProblem(UsageExportError.Empty));
    }

    private static UsageExport Failed(params UsageExportProblem[] problems) => new([], problems);

    /// <summary>A day as yyyy-MM-dd, an ISO 8601 time (its UTC day) or Unix seconds (OpenAI's <c>start_time</c>).</summary>
    private static DateOnly? DayOf(string cell)
    {
        if (DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        if (DateTimeOffset.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && cell.Contains('T'))
            return DateOnly.FromDateTime(time.UtcDateTime);
        if (long.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253_402_300_800)
            return DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime);
        return null;
    }

    private static long? Count(string cell) =>
        long.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The cells of one CSV line: quoted cells may hold the separator and doubled quotes.</summary>
    private static List<string> Cells(string line, char separator)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == separator && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
