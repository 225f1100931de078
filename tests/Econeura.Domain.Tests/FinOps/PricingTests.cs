using Econeura.Domain.Agents;
using Econeura.Domain.Common;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.FinOps;

public sealed class PricingTests
{
    private static readonly DateOnly January = new(2026, 1, 1);

    [Fact]
    public void Tokens_are_priced_per_thousand_input_and_output_separately() =>
        Assert.Equal(0.0025m, new PriceRule("m", PriceKind.Tokens, 0.0005m, 0.0015m, 0m, January).CostOf(2_000, 1_000));

    [Fact]
    public void A_per_call_price_ignores_tokens() =>
        Assert.Equal(0.002m, new PriceRule("webhook", PriceKind.PerCall, 0m, 0m, 0.002m, January).CostOf(50_000, 9_000));

    [Theory]
    [InlineData(100, 10, "0.000065")]   // was 0.0001 when each call was rounded to four decimals
    [InlineData(80, 0, "0.00004")]      // was 0.0000: charged nothing
    [InlineData(1, 0, "0.0000005")]
    [InlineData(1_000_000, 0, "0.5")]
    public void A_cost_is_exact_and_never_rounded(int input, int output, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            new PriceRule("m", PriceKind.Tokens, 0.0005m, 0.0015m, 0m, January).CostOf(input, output));

    [Fact]
    public void Three_tokens_of_gpt_4o_mini_cost_what_three_tokens_cost_and_a_thousand_such_calls_add_up_exactly()
    {
        var mini = new PriceRule("gpt-4o-mini", PriceKind.Tokens, 0.00015m, 0.0006m, 0m, January);

        var cost = mini.CostOf(3, 0);

        Assert.Equal(0.00000045m, cost);
        Assert.Equal(0.00045m, Enumerable.Repeat(cost, 1_000).Sum());
    }

    /// <summary>
    /// An invoice's lines, by hand: gpt-4o at 2.50 per million input, 1.25 cached, 10 output (per thousand: 0.0025,
    /// 0.00125, 0.01). 2,000 prompt tokens of which 1,536 cached, 300 completion tokens:
    /// 464 × 0.0025 + 1,536 × 0.00125 + 300 × 0.01 = 1.16 + 1.92 + 3 = 6.08 per thousand = 0.00608.
    /// </summary>
    [Fact]
    public void Cached_input_is_priced_at_the_cached_price_instead_of_the_input_price()
    {
        var gpt4o = new PriceRule("gpt-4o", PriceKind.Tokens, 0.0025m, 0.01m, 0m, January, CachedInputPer1K: 0.00125m);

        Assert.Equal(0.00608m, gpt4o.CostOf(new TokenUsage(Input: 2_000, Output: 300, CachedInput: 1_536)));
        Assert.Equal(0.008m, gpt4o.CostOf(new TokenUsage(2_000, 300)));
    }

    /// <summary>o-series: 1,000 input at 0.0011, 2,500 output of which 2,000 reasoning; 500 × 0.0044 + 2,000 × 0.005 + 1.1 = 13.3 per thousand.</summary>
    [Fact]
    public void Reasoning_tokens_are_priced_at_the_reasoning_price_if_one_is_set_and_else_as_output()
    {
        var withReasoning = new PriceRule("o3-mini", PriceKind.Tokens, 0.0011m, 0.0044m, 0m, January, ReasoningPer1K: 0.005m);
        var withoutReasoning = withReasoning with { ReasoningPer1K = null };
        var usage = new TokenUsage(Input: 1_000, Output: 2_500, Reasoning: 2_000);

        Assert.Equal(0.0133m, withReasoning.CostOf(usage));
        Assert.Equal(0.0121m, withoutReasoning.CostOf(usage));
    }

    [Fact]
    public void A_rule_without_the_new_prices_charges_cached_and_reasoning_tokens_exactly_as_before()
    {
        var plain = new PriceRule("m", PriceKind.Tokens, 0.0005m, 0.0015m, 0m, January);

        Assert.Equal(plain.CostOf(2_000, 1_000), plain.CostOf(new TokenUsage(2_000, 1_000, CachedInput: 1_500, Reasoning: 800)));
    }

    [Fact]
    public void More_cached_or_reasoning_tokens_than_reported_in_all_are_counted_as_all_of_them_never_more()
    {
        var rule = new PriceRule("m", PriceKind.Tokens, 0.002m, 0.008m, 0m, January, CachedInputPer1K: 0.001m, ReasoningPer1K: 0.01m);
        var usage = new TokenUsage(Input: 100, Output: 10, CachedInput: 500, Reasoning: 50);

        Assert.Equal((100, 10), (usage.CachedInputCounted, usage.ReasoningCounted));
        Assert.Equal(rule.CostOf(new TokenUsage(100, 10, 100, 10)), rule.CostOf(usage));
    }

    [Fact]
    public void The_rule_in_force_on_the_day_of_the_call_prices_it_and_a_later_rule_does_not_reach_back()
    {
        var book = new PriceBook([
            new PriceRule("gpt-4o", PriceKind.Tokens, 0.002m, 0.008m, 0m, January),
            new PriceRule("gpt-4o", PriceKind.Tokens, 0.003m, 0.012m, 0m, new DateOnly(2026, 6, 1)),
        ]);

        Assert.Equal(0.002m, book.For("gpt-4o", new DateOnly(2026, 5, 31))?.InputPer1K);
        Assert.Equal(0.003m, book.For("gpt-4o", new DateOnly(2026, 6, 1))?.InputPer1K);
        Assert.Null(book.For("gpt-4o", new DateOnly(2025, 12, 31)));
        Assert.Null(book.For("unknown-model", new DateOnly(2026, 6, 1)));
    }

    [Fact]
    public void A_webhook_call_is_priced_by_its_agents_rule_and_else_by_the_route_wide_one()
    {
        var book = new PriceBook([
            new PriceRule(PriceBook.WebhookKey, PriceKind.PerCall, 0m, 0m, 0.002m, January),
            new PriceRule(PriceBook.WebhookKeyOf("neura-3"), PriceKind.PerCall, 0m, 0m, 0.01m, January),
        ]);
        AgentDefinition Webhook(string id) => new() { Id = id, Name = id, Department = "it", Description = "d", Route = AgentRoute.Webhook };

        Assert.Equal(0.01m, book.For(Webhook("neura-3"), January)?.PerCallEur);
        Assert.Equal(0.002m, book.For(Webhook("neura-4"), January)?.PerCallEur);
    }

    [Fact]
    public void A_chat_or_simulator_call_is_priced_by_its_model() =>
        Assert.Equal(["gpt-4o"], PriceBook.KeysOf(new AgentDefinition
            { Id = "neura-1", Name = "A", Department = "it", Description = "d", Route = AgentRoute.Chat, Model = "gpt-4o" }));

    [Fact]
    public void A_price_rule_with_impossible_values_names_its_problems()
    {
        Assert.Contains("perCallEur", new PriceRule("webhook", PriceKind.PerCall, 0m, 0m, 0m, January).Problems().Keys);
        Assert.Contains("inputPer1K", new PriceRule("m", PriceKind.Tokens, -1m, 0m, 0m, January).Problems().Keys);
        Assert.Contains("key", new PriceRule(" ", PriceKind.Tokens, 0.1m, 0m, 0m, January).Problems().Keys);
        Assert.Empty(new PriceRule("m", PriceKind.Tokens, 0.1m, 0.2m, 0m, January).Problems());
    }

    [Fact]
    public void Prices_keep_up_to_ten_decimals_and_the_cached_and_reasoning_prices_are_checked_like_the_others()
    {
        Assert.Empty(new PriceRule("m", PriceKind.Tokens, 0.0000000001m, 0.00015m, 0m, January, 0.000075m, 0.0006m).Problems());
        Assert.Equal("At most 10 decimals.", new PriceRule("m", PriceKind.Tokens, 0.00000000001m, 0.1m, 0m, January).Problems()["inputPer1K"]);
        Assert.Contains("cachedInputPer1K", new PriceRule("m", PriceKind.Tokens, 0.1m, 0.1m, 0m, January, CachedInputPer1K: -0.1m).Problems().Keys);
        Assert.Contains("reasoningPer1K", new PriceRule("m", PriceKind.Tokens, 0.1m, 0.1m, 0m, January, ReasoningPer1K: 1001m).Problems().Keys);
        Assert.Contains("cachedInputPer1K", new PriceRule("webhook", PriceKind.PerCall, 0m, 0m, 0.01m, January, CachedInputPer1K: 0.1m).Problems().Keys);
    }
}
