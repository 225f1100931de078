using Econeura.Domain.Agents;
using Econeura.Domain.Common;

namespace Econeura.Domain.FinOps;

/// <summary>What happens to new requests once a budget is spent.</summary>
public enum BudgetAtLimit
{
    Block,
    RequireApproval,
}

/// <summary>Whose a budget is.</summary>
public enum BudgetOwnerKind
{
    Tenant,
    Department,
    Person,
    Agent,
}

/// <summary>
/// A budget's scope as it is stored, locked and sent: <c>tenant</c>, a department's id, <c>person:&lt;user id&gt;</c> or
/// <c>agent:&lt;agent id&gt;</c>. The prefixes end in a colon, which no department id has, so a person's or an agent's
/// budget can never be read as a department's.
/// </summary>
public readonly record struct BudgetScope(BudgetOwnerKind Kind, string Id)
{
    public const string PersonPrefix = "person:";
    public const string AgentPrefix = "agent:";
    public const int MaxPersonIdLength = 128;

    public static string Person(string userId) => PersonPrefix + userId;

    public static string Agent(string agentId) => AgentPrefix + agentId;

    /// <summary>What <paramref name="scope"/> names, or null when it names no budget there can be.</summary>
    public static BudgetScope? Parse(string? scope) => scope switch
    {
        null => null,
        BudgetRule.TenantScope => new BudgetScope(BudgetOwnerKind.Tenant, scope),
        _ when Departments.All.Contains(scope) => new BudgetScope(BudgetOwnerKind.Department, scope),
        _ when scope.StartsWith(PersonPrefix, StringComparison.Ordinal) && IsPersonId(scope[PersonPrefix.Length..]) =>
            new BudgetScope(BudgetOwnerKind.Person, scope[PersonPrefix.Length..]),
        _ when scope.StartsWith(AgentPrefix, StringComparison.Ordinal) && AgentRules.IsId(scope[AgentPrefix.Length..]) =>
            new BudgetScope(BudgetOwnerKind.Agent, scope[AgentPrefix.Length..]),
        _ => null,
    };

    /// <summary>
    /// A user id as sign-in gives it (an Entra object id, a token's subject): letters, digits and <c>. _ @ + -</c>, so it
    /// also travels in an address unescaped.
    /// </summary>
    public static bool IsPersonId(string? id) =>
        id is { Length: >= 1 and <= MaxPersonIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '+' or '-');

    public const int MaxOwnerNameLength = 200;

    /// <summary>A person's name as finance may give it to their budget: printable text of at most <see cref="MaxOwnerNameLength"/> characters.</summary>
    public static bool IsOwnerName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxOwnerNameLength && !name.Any(char.IsControl) && StorableText.IsStorable(name);

    /// <summary>A person's or an agent's budget exists only once finance sets one, and can be removed; the others always apply.</summary>
    public bool IsOptional => Kind is BudgetOwnerKind.Person or BudgetOwnerKind.Agent;

    /// <summary>The budgets a run counts against, in no particular order: the company's, its department's, its requester's and its agent's.</summary>
    public static IReadOnlyList<string> Of(string department, string requestedBy, string agentId) =>
        [BudgetRule.TenantScope, department, Person(requestedBy), Agent(agentId)];

    public override string ToString() => Kind switch
    {
        BudgetOwnerKind.Person => Person(Id),
        BudgetOwnerKind.Agent => Agent(Id),
        _ => Id,
    };
}

/// <summary>A monthly budget of the tenant (<see cref="TenantScope"/>), a department, a person or an agent (<see cref="BudgetScope"/>), with its alert
/// thresholds.</summary>
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
        if (ThresholdsPercent.Count == 0 || ThresholdsPercent.Count > MaxThresholds)
            problems["thresholdsPercent"] = $"Between 1 and {MaxThresholds} thresholds.";
        else if (ThresholdsPercent.Any(t => t is < 1 or > 1000)) problems["thresholdsPercent"] = "Each between 1 and 1,000 %.";
        else if (ThresholdsPercent.Distinct().Count() != ThresholdsPercent.Count) problems["thresholdsPercent"] = "Each threshold once.";
        return problems;
    }

    public decimal AmountAt(int percent) => LimitEur * percent / 100m;

    /// <summary>
    /// Whose budget it is, in the audit trail's and the API's English: "the company's", "the 'cfo' department's",
    /// "Ana Ruiz's" (<paramref name="personName"/>, else "user ana's"), "the 'cfo-analyst' agent's".
    /// </summary>
    public static string OwnerInEnglish(string scope, string? personName = null) => BudgetScope.Parse(scope) switch
    {
        { Kind: BudgetOwnerKind.Tenant } => "the company's",
        { Kind: BudgetOwnerKind.Person, Id: var id } => string.IsNullOrWhiteSpace(personName) ? $"user {id}'s" : $"{personName}'s",
        { Kind: BudgetOwnerKind.Agent, Id: var id } => $"the '{id}' agent's",
        _ => $"the '{scope}' department's",
    };

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
