using Econeura.Domain.Common;
using System.Text;
using Econeura.Domain.Agents;
using Econeura.Domain.Executions;
using Econeura.Domain.FinOps;
using Microsoft.ML.Tokenizers;

namespace Econeura.Domain.Tests.Executions;

/// <summary>
/// The estimate a launch reserves is a bound on what its call costs: the input side is checked against OpenAI's own
/// tokenizers (o200k for gpt-4o and later, cl100k for gpt-4) over text of every kind the portal sends.
/// </summary>
public sealed class CallBoundTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForModel("gpt-4o");
    private static readonly Tokenizer Cl100k = TiktokenTokenizer.CreateForModel("gpt-4");

    public static TheoryData<string, string> Texts => new()
    {
        { "English", "Summarise the travel expenses of the quarter and flag anything above policy." },
        { "Spanish accents", "Resume los gastos del año: camión, pingüino, acción, ÁÉÍÓÚ Ñ ü, «comillas» y ¿preguntas?" },
        { "Accents decomposed", "Resume los gastos del an\u0303o: cami\u00f3n, ping\u00fcino, acci\u0301on" },
        { "Emoji", "Informe 📊✅ 👩‍👩‍👧‍👦 🇪🇸🇬🇧 😀🎉🔥💶 🧾🧑🏽‍💻" },
        { "CJK", "東京都の会議室を来週の火曜日に予約してください。你好，世界！请总结本季度的差旅费用。한국어 요약을 부탁합니다." },
        { "Code", "for (int i = 0; i < n; i++) { sum += a[i] * 0x1F; }\nSELECT id, SUM(cost_eur) FROM spend WHERE day >= '2026-01-01' GROUP BY 1;" },
        { "Digits and symbols", "IBAN ES91 2100 0418 4502 0005 1332 · 3.141592653589793 · #@!$%^&*()_+-=[]{}|;':\",./<>? ~`" },
        { "Placeholders", "Escribe a <EMAIL_1> y llama al <PHONE_1>; la tarjeta <CARD_1> caduca." },
        { "Whitespace", "a\n\n\n\t\t  b     c\r\n\r\n        d" },
        { "Arabic and Hindi", "مرحبا بالعالم، لخص النفقات. नमस्ते दुनिया, खर्चों का सारांश दें।" },
        { "One character", "x" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void At_most_is_never_fewer_tokens_than_OpenAIs_tokenizers_make(string kind, string text)
    {
        Assert.True(TokenEstimate.AtMost(text) >= O200k.CountTokens(text), $"{kind}: o200k");
        Assert.True(TokenEstimate.AtMost(text) >= Cl100k.CountTokens(text), $"{kind}: cl100k");
    }

    [Fact]
    public void At_most_holds_over_random_text_from_every_plane()
    {
        var random = new Random(20);
        for (var sample = 0; sample < 300; sample++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(1, 200); i > 0; i--)
            {
                var codePoint = random.Next(4) switch
                {
                    0 => random.Next(0x20, 0x7F),
                    1 => random.Next(0xA0, 0x2FFF),
                    2 => random.Next(0x3000, 0xD7FF),
                    _ => random.Next(0x1F300, 0x1FAFF),
                };
                text.Append(char.ConvertFromUtf32(codePoint));
            }
            var value = text.ToString();
            Assert.True(TokenEstimate.AtMost(value) >= O200k.CountTokens(value), value);
            Assert.True(TokenEstimate.AtMost(value) >= Cl100k.CountTokens(value), value);
        }
    }

    [Fact]
    public void The_typical_estimate_is_no_bound_which_is_why_the_launch_does_not_use_it()
    {
        const string cjk = "東京都の会議室を来週の火曜日に予約してください。";

        Assert.True(O200k.CountTokens(cjk) > TokenEstimate.Of(cjk));
    }

    private static AgentDefinition Chat(string systemPrompt, int maxOutputTokens) => new()
    {
        Id = "neura-legal", Name = "Legal", Department = "legal", Description = "d", Route = AgentRoute.Chat, Model = "gpt-4o",
        Chat = new ChatSettings { Endpoint = "https://example.test/v1/", Deployment = "gpt-4o", SystemPrompt = systemPrompt, MaxOutputTokens = maxOutputTokens },
    };

    /// <summary>What OpenAI's chat format bills for the messages (its own count: 3 per message, the role, 3 before the reply).</summary>
    private static int Billed(params (string Role, string Content)[] messages) =>
        messages.Sum(m => 3 + O200k.CountTokens(m.Role) + O200k.CountTokens(m.Content)) + 3;

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_chat_calls_bound_covers_its_system_prompt_its_input_their_framing_and_the_routes_most_output(string kind, string text)
    {
        const string prompt = "Eres el agente legal de Contoso. Responde en español, con citas 📎 y 日本語 si hace falta.";

        var bound = CallBound.Of(Chat(prompt, 700), text, simulatorOutputTokens: 180);

        Assert.True(bound.Input >= Billed(("system", prompt), ("user", text)), kind);
        Assert.Equal(700, bound.Output);
        Assert.True(CallBound.Of(Chat("", 700), text, 180).Input >= Billed(("user", text)), kind);
    }

    [Fact]
    public void Priced_at_its_bound_no_reply_of_the_route_costs_more_than_the_estimate()
    {
        // A reasoning price above the output price (o3-mini's shape): the estimate must not assume plain output.
        var price = new PriceRule("o3-mini", PriceKind.Tokens, 0.0011m, 0.0044m, 0m, new DateOnly(2026, 1, 1), CachedInputPer1K: 0.00055m, ReasoningPer1K: 0.005m);
        const string input = "Resume el contrato 📄 y los plazos del año.";
        var estimate = price.MostCostOf(CallBound.Of(Chat("Eres el agente legal.", 500), input, 180));
        var billedInput = Billed(("system", "Eres el agente legal."), ("user", input));

        // Whatever the provider reports within the bound: any share cached, any share of the output reasoning.
        foreach (var (cached, reasoning) in new[] { (0, 0), (0, 500), (billedInput, 0), (billedInput / 2, 250) })
            Assert.True(price.CostOf(new TokenUsage(billedInput, 500, cached, reasoning)) <= estimate, $"{cached} cached, {reasoning} reasoning");
    }

    [Fact]
    public void A_simulated_call_is_estimated_at_exactly_what_the_simulator_reports()
    {
        var simulator = new AgentDefinition { Id = "neura-1", Name = "A", Department = "analytics", Description = "d" };

        var bound = CallBound.Of(simulator, "Resume el trimestre", 180);
        var price = new PriceRule("simulator", PriceKind.Tokens, 0.0005m, 0.0015m, 0m, new DateOnly(2026, 1, 1));

        Assert.Equal(new TokenUsage(TokenEstimate.Of("Resume el trimestre"), 180), bound);
        Assert.Equal(price.CostOf(bound), price.MostCostOf(bound));
    }
}
