using Econeura.Domain.Dlp;

namespace Econeura.Domain.Tests.Dlp;

/// <summary>An agent's answer is redacted before it is kept, and while it is being written, before it is shown.</summary>
public sealed class AnswerRedactionTests
{
    private const string Answer =
        "Cliente: 12345678 Z, IBAN ES91 2100 0418 4502 0005 1332, móvil +34 612 345 678, correo lucia.fernandez @contoso.es. " +
        "Clave: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY----- Fin del informe.";

    private static readonly string[] RawPieces =
        ["12345678", "ES91", "2100", "0418", "612", "345", "678", "lucia", "fernandez", "contoso", "MIIEvQIBADAN"];

    [Fact]
    public void A_whole_answer_keeps_placeholders_only()
    {
        var redacted = AnswerRedaction.Redact(Answer, "");

        Assert.Equal(
            "Cliente: <ES_DNI_1>, IBAN <IBAN_1>, móvil <PHONE_1>, correo <EMAIL_1>. Clave: <SECRET_1> Fin del informe.", redacted);
    }

    [Fact]
    public void Values_the_agent_adds_are_numbered_after_the_placeholders_of_the_input_it_answers()
    {
        Assert.Equal("<EMAIL_1> escribió a <EMAIL_3>",
            AnswerRedaction.Redact("<EMAIL_1> escribió a otro@contoso.es", "De <EMAIL_1> para <EMAIL_2>"));
    }

    [Fact]
    public void Written_piece_by_piece_no_state_of_the_answer_shows_a_raw_value_and_the_last_matches_the_recorded_one()
    {
        var shown = new List<string>();
        for (var length = 1; length <= Answer.Length; length++) shown.Add(AnswerRedaction.RedactWritten(Answer[..length], ""));

        foreach (var state in shown)
        foreach (var raw in RawPieces)
            Assert.False(state.Contains(raw, StringComparison.OrdinalIgnoreCase), $"'{raw}' shown in: {state}");
        // Each state only grows, and ends as the recorded answer less its last word.
        Assert.All(shown.Zip(shown.Skip(1)), pair => Assert.StartsWith(pair.First, pair.Second));
        Assert.Equal(AnswerRedaction.Redact(Answer, "")[..^"informe.".Length], shown[^1]);
    }

    [Theory]
    [InlineData("Su número es 612 34", "Su número es ")]
    [InlineData("Hola, qué tal ", "Hola, qué ")]
    [InlineData("Hola, qué ta", "Hola, qué ")]
    [InlineData("IBAN ES91 2100 ", "IBAN ")]
    [InlineData("escriba a ana @con", "escriba a ")]
    [InlineData("", "")]
    public void What_is_settled_stops_before_a_value_that_may_still_grow(string text, string settled)
    {
        Assert.Equal(settled, text[..AnswerRedaction.SettledLength(text)]);
    }

    [Fact]
    public void An_answer_the_scanner_cannot_screen_is_withheld_whole_and_not_shown_while_written()
    {
        // A row of thousands of SSN-shaped fields needs more work than its length allows (FailClosedTests).
        var row = string.Join(",", Enumerable.Repeat("279471102", 10_000));

        Assert.Equal(AnswerRedaction.Withheld, AnswerRedaction.Redact(row, ""));
        Assert.Equal("", AnswerRedaction.RedactWritten(row + " fin", ""));
    }
}
