using Bunit;
using Econeura.Portal.Infrastructure.LiveUpdates;

namespace Econeura.Portal.Tests.Executions;

/// <summary>An answer shown while the agent writes it: what the relay carries raw, the reader sees redacted.</summary>
public sealed class LiveAnswerTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "es-ES")
{
    [Fact]
    public void Personal_data_in_an_answer_being_written_never_shows_and_becomes_placeholders_numbered_after_the_input()
    {
        var id = Guid.CreateVersion7();
        using var writer = Fixture.Service<AnswerRelay>().Open(PortalFixture.User("ana").TenantId, id);
        var page = Render<LiveAnswer>(parameters => parameters
            .Add(p => p.ExecutionId, id).Add(p => p.Input, "¿A quién llamo? Ya tengo <PHONE_1>").Add(p => p.Running, true));
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=live-answer]").GetAttribute("data-streaming")));
        string Shown() => page.FindAll("[data-testid=markdown-text]").SingleOrDefault()?.TextContent.Trim() ?? "";

        (string Piece, string Shown)[] steps =
        [
            ("Llame", ""), (" al", "Llame"), (" +34", "Llame al"), (" 612", "Llame al"), (" 345", "Llame al"), (" 678", "Llame al"),
            (" o", "Llame al"), (" escriba", "Llame al <PHONE_2> o"), (" a", "Llame al <PHONE_2> o escriba"),
            (" lucia.fernandez", "Llame al <PHONE_2> o escriba a"), (" @contoso.es", "Llame al <PHONE_2> o escriba a"),
            (" hoy.", "Llame al <PHONE_2> o escriba a"), (" Gracias.", "Llame al <PHONE_2> o escriba a <EMAIL_1> hoy."),
        ];
        foreach (var (piece, shown) in steps)
        {
            writer.Write(piece);
            page.WaitForAssertion(() => Assert.Equal(shown, Shown()));
            var text = page.Find("[data-testid=live-answer]").TextContent;
            foreach (var raw in new[] { "612", "345", "678", "lucia", "contoso" }) Assert.DoesNotContain(raw, text);
        }
    }
}
