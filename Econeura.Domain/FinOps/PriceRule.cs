using Econeura.Domain.Agents;
using Econeura.Domain.Common;
namespace Econeura.Domain.FinOps;

public enum PriceKind
{
    /// <summary>Input and output tokens, each priced per thousand (chat and simulator routes).</summary>
    Tokens,

    /// <summary>A fixed price per call (webhook routes).</summary>
    PerCall,
}

/// <summary>
/// One price of the tenant's price table: for a model (token routes) or a webhook route, from a day on. Prices are never
/// edited in place: a change is a new rule effective from a later day, so costs already recorded keep the price they had.
/// A token price may set its own price for cached input and for reasoning; without them those tokens cost what plain
/// input and output cost.
/// </summary>
public sealed record PriceRule(
    string Key, PriceKind Kind, decimal InputPer1K, decimal OutputPer1K, decimal PerCallEur, DateOnly EffectiveFrom,
    decimal? CachedInputPer1K = null, decimal? ReasoningPer1K = null)
{
    /// <summary>Decimals of a price: enough for any list price per thousand tokens converted to EUR.</summary>
    public const int MaxPriceDecimals = 10;

    /// <summary>Decimals an amount is shown with (and a forecast rounded to); a recorded cost is never rounded.</summary>
    public const int Decimals = 4;

    public decimal CostOf(int inputTokens, int outputTokens) => CostOf(new TokenUsage(inputTokens, outputTokens));

    /// <summary>
    /// What the call costs, exactly: tokens times price has at most <see cref="MaxPriceDecimals"/> + 3 decimals, so no
    /// rounding is needed, and a sum of costs equals the sum of the invoice's lines.
    /// </summary>
    public decimal CostOf(TokenUsage usage)
    {
        if (Kind == PriceKind.PerCall) return PerCallEur;
        var (cached, reasoning) = (usage.CachedInputCounted, usage.ReasoningCounted);
        return ((usage.Input - cached) * InputPer1K + cached * (CachedInputPer1K ?? InputPer1K)
                + (usage.Output - reasoning) * OutputPer1K + reasoning * (ReasoningPer1K ?? OutputPer1K)) / 1000m;
    }

    /// <summary>
    /// The most a call of at most <paramref name="most"/> tokens can cost, however the provider splits them into cached
    /// input and reasoning: each side at the dearer of its two prices (a reasoning price may be above the output price).
    /// </summary>
    public decimal MostCostOf(TokenUsage most) => Kind == PriceKind.PerCall
        ? PerCallEur
        : (most.Input * Math.Max(InputPer1K, CachedInputPer1K ?? InputPer1K) + most.Output * Math.Max(OutputPer1K, ReasoningPer1K ?? OutputPer1K)) / 1000m;

    /// <summary>EUR to four decimals, halves away from zero: how amounts are shown, never how they are recorded or summed.</summary>
    public static decimal Round(decimal eur) => Math.Round(eur, Decimals, MidpointRounding.AwayFromZero);

    /// <summary>What is wrong with this rule, field by field; empty when it can be saved.</summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Key) || Key.Length > 100 || !Common.StorableText.IsStorable(Key))
            problems["key"] = "A model or route name of at most 100 characters.";
        if (Kind == PriceKind.Tokens && InputPer1K == 0 && OutputPer1K == 0) problems["inputPer1K"] = "A token price needs an input or an output price.";
        if (Kind == PriceKind.PerCall && PerCallEur == 0) problems["perCallEur"] = "A per-call price needs an amount.";
        if (Kind == PriceKind.PerCall && (CachedInputPer1K is not null || ReasoningPer1K is not null))
            problems[CachedInputPer1K is not null ? "cachedInputPer1K" : "reasoningPer1K"] = "Only a token price has cached input and reasoning prices.";
        foreach (var (field, price) in Prices())
        {
            if (price < 0) problems[field] = "Prices cannot be negative.";
            else if (price > 1000m) problems[field] = "At most 1,000 EUR.";
            else if (price != Math.Round(price, MaxPriceDecimals)) problems[field] = $"At most {MaxPriceDecimals} decimals.";
        }
        return problems;
    }

    private IEnumerable<(string Field, decimal Price)> Prices()
    {
        yield return ("inputPer1K", InputPer1K);
        yield return ("outputPer1K", OutputPer1K);
        yield return ("perCallEur", PerCallEur);
        if (CachedInputPer1K is { } cached) yield return ("cachedInputPer1K", cached);
        if (ReasoningPer1K is { } reasoning) yield return ("reasoningPer1K", reasoning);
    }
}

/// <summary>The price that applies to a call: the rule for its key in force on its day.</summary>
public sealed class PriceBook(IReadOnlyList<PriceRule> rules)
{
    /// <summary>Calls to a webhook are priced by their agent's rule, or else by this route-wide one.</summary>
    public const string WebhookKey = "webhook";

    public static string WebhookKeyOf(string agentId) => $"webhook:{agentId}";

    /// <summary>The keys a call to <paramref name="agent"/> is priced by, most specific first.</summary>
    public static IReadOnlyList<string> KeysOf(AgentDefinition agent) => agent.Route == AgentRoute.Webhook
        ? [WebhookKeyOf(agent.Id), WebhookKey]
        : [agent.Model];

    public IReadOnlyList<PriceRule> Rules { get; } = rules;

    public PriceRule? For(string key, DateOnly day) =>
        Rules.Where(r => r.Key == key && r.EffectiveFrom <= day).MaxBy(r => r.EffectiveFrom);

    /// <summary>The first key with a rule in force on <paramref name="day"/>.</summary>
    public PriceRule? For(IEnumerable<string> keys, DateOnly day) => keys.Select(key => For(key, day)).FirstOrDefault(rule => rule is not null);

    /// <summary>The price of a call to <paramref name="agent"/> on <paramref name="day"/>.</summary>
    public PriceRule? For(AgentDefinition agent, DateOnly day) => For(KeysOf(agent), day);
}
