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
/// </summary>
public sealed record PriceRule(string Key, PriceKind Kind, decimal InputPer1K, decimal OutputPer1K, decimal PerCallEur, DateOnly EffectiveFrom)
{
    public const int Decimals = 4;

    public decimal CostOf(int inputTokens, int outputTokens) => Kind switch
    {
        PriceKind.PerCall => Round(PerCallEur),
        _ => Round(inputTokens * InputPer1K / 1000m + outputTokens * OutputPer1K / 1000m),
    };

    /// <summary>EUR to four decimals, halves away from zero: the same rounding everywhere a cost is shown or summed.</summary>
    public static decimal Round(decimal eur) => Math.Round(eur, Decimals, MidpointRounding.AwayFromZero);

    /// <summary>What is wrong with this rule, field by field; empty when it can be saved.</summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Key) || Key.Length > 100 || !Common.StorableText.IsStorable(Key)) problems["key"] = "A model or route name of at most 100 characters.";
        if (InputPer1K < 0 || OutputPer1K < 0 || PerCallEur < 0) problems[Kind == PriceKind.PerCall ? "perCallEur" : "inputPer1K"] = "Prices cannot be negative.";
        if (Kind == PriceKind.Tokens && InputPer1K == 0 && OutputPer1K == 0) problems["inputPer1K"] = "A token price needs an input or an output price.";
        if (Kind == PriceKind.PerCall && PerCallEur == 0) problems["perCallEur"] = "A per-call price needs an amount.";
        if (new[] { InputPer1K, OutputPer1K, PerCallEur }.Any(p => p > 1000m)) problems["perCallEur"] = "At most 1,000 EUR.";
        return problems;
    }
}

/// <summary>The price that applies to a call: the rule for its key in force on its day.</summary>
public sealed class PriceBook(IReadOnlyList<PriceRule> rules)
{
    /// <summary>Calls to a webhook are priced by their agent's rule, or else by this route-wide one.</summary>
    public const string WebhookKey = "webhook";

    public static string WebhookKeyOf(string agentId) => $"webhook:{agentId}";

    public IReadOnlyList<PriceRule> Rules { get; } = rules;

    public PriceRule? For(string key, DateOnly day) =>
        Rules.Where(r => r.Key == key && r.EffectiveFrom <= day).MaxBy(r => r.EffectiveFrom);

    /// <summary>The first key with a rule in force on <paramref name="day"/>.</summary>
    public PriceRule? For(IEnumerable<string> keys, DateOnly day) => keys.Select(key => For(key, day)).FirstOrDefault(rule => rule is not null);
}
