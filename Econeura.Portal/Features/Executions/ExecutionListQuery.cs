using System.Globalization;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Executions;

/// <summary>The columns the executions list sorts by.</summary>
public enum ExecutionSort
{
    Started,
    Agent,
    Status,
    Cost,
}

/// <summary>What the executions list shows: its filters, order and page, as the page's address carries them.</summary>
public sealed record ExecutionListQuery
{
    /// <summary>
    /// Words each found in the agent's name or description (either language), the requester's name, or the redacted text
    /// of the input or the output: never the raw input, which is not kept.
    /// </summary>
    public string? Search { get; init; }

    /// <summary>A search longer than <see cref="SearchText.MaxLength"/>: nothing is read, and the reader is told why.</summary>
    public bool SearchTooLong => SearchText.IsTooLong(Search);

    public ExecutionStatus? Status { get; init; }

    /// <summary>One agent's executions only (the API's <c>agent=</c>); the page filters agents by words instead.</summary>
    public string? AgentId { get; init; }

    /// <summary>The first and last day requested, both included, as days of the reader's time zone.</summary>
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public ExecutionSort Sort { get; init; } = ExecutionSort.Started;

    public bool Descending { get; init; } = true;

    /// <summary>One-based.</summary>
    public int Page { get; init; } = 1;

    public bool Filters => !string.IsNullOrWhiteSpace(Search) || Status is not null || AgentId is not null || From is not null || To is not null;

    /// <summary>Newest first, on the first page: where a new execution appears.</summary>
    public bool ShowsNewest => Page == 1 && Sort == ExecutionSort.Started && Descending;

    /// <summary>
    /// Reads the page's address (?q=&amp;status=&amp;from=&amp;to=&amp;sort=&amp;dir=&amp;page=) as leniently as people edit it: a value
    /// that makes no sense is left out rather than refused.
    /// </summary>
    public static ExecutionListQuery FromAddress(string? q, string? status, string? from, string? to, string? sort, string? dir, string? page)
    {
        var column = EnumNames.TryParse<ExecutionSort>(sort, out var named) ? named : ExecutionSort.Started;
        return new ExecutionListQuery
        {
            Search = string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            Status = EnumNames.TryParse<ExecutionStatus>(status, out var s) ? s : null,
            From = Day(from),
            To = Day(to),
            Sort = column,
            Descending = dir?.Trim().ToLowerInvariant() switch
            {
                "asc" => false,
                "desc" => true,
                _ => DescendingByDefault(column),
            },
            Page = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 1,
        };
    }

    /// <summary>Newest, costliest and latest in the lifecycle first, unless asked otherwise; agents A to Z.</summary>
    public static bool DescendingByDefault(ExecutionSort column) => column != ExecutionSort.Agent;

    /// <summary>The query as the address's parameters; defaults are null, which leaves them out of the address.</summary>
    public IReadOnlyDictionary<string, object?> ToAddress() => new Dictionary<string, object?>
    {
        ["q"] = Search,
        ["status"] = Status?.ToString(),
        ["from"] = From?.ToString(DayFormat, CultureInfo.InvariantCulture),
        ["to"] = To?.ToString(DayFormat, CultureInfo.InvariantCulture),
        ["sort"] = Sort == ExecutionSort.Started ? null : Sort.ToString().ToLowerInvariant(),
        ["dir"] = Descending == DescendingByDefault(Sort) ? null : Descending ? "desc" : "asc",
        ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
    };

    public const string DayFormat = "yyyy-MM-dd";

    public static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}

/// <summary>One page of the list and where it sits in the whole: "26–50 of 340".</summary>
public sealed record ExecutionPage(IReadOnlyList<ExecutionView> Rows, int Total, int Page, int PageSize)
{
    public int First => Rows.Count == 0 ? 0 : (Page - 1) * PageSize + 1;

    public int Last => (Page - 1) * PageSize + Rows.Count;

    public bool HasPrevious => Page > 1;

    public bool HasNext => Page * PageSize < Total;

    /// <summary>
    /// The page after rows changed, without a query. Rows on it take their newer copies, or leave it when the filters no
    /// longer keep them (<paramref name="kept"/> is the part of <paramref name="changed"/> they keep). On the newest-first
    /// first page, a kept row that sorts among its rows joins it: a new execution, or one that matches now. Other pages
    /// and orders keep their rows where they were read, so nothing moves under the reader.
    /// </summary>
    public ExecutionPage With(IEnumerable<ExecutionView> changed, IEnumerable<ExecutionView> kept, bool showsNewest)
    {
        var keep = kept.Select(row => row.Id).ToHashSet();
        var rows = Rows.ToList();
        var total = Total;
        foreach (var row in changed)
        {
            var index = rows.FindIndex(shown => shown.Id == row.Id);
            if (index >= 0)
            {
                if (rows[index].Version >= row.Version) continue;
                if (keep.Contains(row.Id)) rows[index] = row;
                else
                {
                    rows.RemoveAt(index);
                    total--;
                }
            }
            // While the first page holds every row, any kept row is new to it; otherwise only one newer than its last.
            else if (showsNewest && keep.Contains(row.Id) && (rows.Count == total || NewerFirst.Compare(row, rows[^1]) < 0))
            {
                var at = rows.FindIndex(shown => NewerFirst.Compare(row, shown) < 0);
                rows.Insert(at < 0 ? rows.Count : at, row);
                total++;
                if (rows.Count > PageSize) rows.RemoveAt(rows.Count - 1);
            }
        }
        return total == Total && rows.SequenceEqual(Rows) ? this : this with { Rows = rows, Total = total };
    }

    /// <summary>The list's default order: newest first, then by id, as the query sorts.</summary>
    private static readonly Comparer<ExecutionView> NewerFirst = Comparer<ExecutionView>.Create((a, b) =>
        b.RequestedAt.CompareTo(a.RequestedAt) is var byTime and not 0 ? byTime : b.Id.CompareTo(a.Id));
}
