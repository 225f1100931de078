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
    [InlineData(100, 10, "0.0001")]     // 0.00005 + 0.000015 = 0.000065 → 0.0001
    [InlineData(100, 0, "0.0001")]      // 0.00005: a half rounds away from zero
    [InlineData(80, 0, "0.0000")]       // 0.00004
    [InlineData(1_000_000, 0, "0.5000")]
    public void Costs_are_kept_to_four_decimals_halves_away_from_zero(int input, int output, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            new PriceRule("m", PriceKind.Tokens, 0.0005m, 0.0015m, 0m, January).CostOf(input, output));

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
        string[] Keys(string agent) => [PriceBook.WebhookKeyOf(agent), PriceBook.WebhookKey];

        Assert.Equal(0.01m, book.For(Keys("neura-3"), January)?.PerCallEur);
        Assert.Equal(0.002m, book.For(Keys("neura-4"), January)?.PerCallEur);
    }

    [Fact]
    public void A_price_rule_with_impossible_values_names_its_problems()
    {
        Assert.Contains("perCallEur", new PriceRule("webhook", PriceKind.PerCall, 0m, 0m, 0m, January).Problems().Keys);
        Assert.Contains("inputPer1K", new PriceRule("m", PriceKind.Tokens, -1m, 0m, 0m, January).Problems().Keys);
        Assert.Contains("key", new PriceRule(" ", PriceKind.Tokens, 0.1m, 0m, 0m, January).Problems().Keys);
        Assert.Empty(new PriceRule("m", PriceKind.Tokens, 0.1m, 0.2m, 0m, January).Problems());
    }
}
