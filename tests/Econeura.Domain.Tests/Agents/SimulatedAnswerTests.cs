using Econeura.Domain.Agents;

namespace Econeura.Domain.Tests.Agents;

/// <summary>The demo speaks: each department's agent answers as that department would, in the language it was asked in.</summary>
public sealed class SimulatedAnswerTests
{
    private const string InSpanish = "Resume la situación del mes para la dirección";
    private const string InEnglish = "Summarise the situation of this month for the board";

    public static TheoryData<string> AllDepartments => [.. Departments.All];

    private static AgentDefinition Lead(string department) => new()
    {
        Id = $"lead-{department}",
        Name = $"Lead {department}",
        Department = department,
        Description = "—",
        Wordings = new Dictionary<string, AgentWording> { ["es"] = new($"Jefe {department}", "—"), ["en"] = new($"Lead {department}", "—") },
        IsLead = true,
    };

    private static string Answer(string department, string input) => SimulatedAnswer.For(new SimulatorPrompt(Lead(department), input));

    [Theory]
    [MemberData(nameof(AllDepartments))]
    public void Each_department_answers_under_its_name_in_the_language_it_was_asked_in(string department)
    {
        var spanish = Answer(department, InSpanish);
        var english = Answer(department, InEnglish);

        Assert.StartsWith($"Jefe {department} (simulador) · {DepartmentPlaybooks.For(department, "es").Title}\n", spanish.ReplaceLineEndings("\n"));
        Assert.StartsWith($"Lead {department} (simulator) · {DepartmentPlaybooks.For(department, "en").Title}\n", english.ReplaceLineEndings("\n"));
        Assert.EndsWith("en Agentes y rutas.", spanish);
        Assert.EndsWith("in Agents and routes.", english);
        Assert.DoesNotContain("would answer here", english);
    }

    [Fact]
    public void The_eleven_departments_each_have_an_answer_of_their_own_in_both_languages()
    {
        foreach (var language in new[] { "es", "en" })
        {
            var shapes = Departments.All.Select(d => DepartmentPlaybooks.For(d, language)).ToList();
            Assert.Equal(11, shapes.Select(s => s.Title).Distinct().Count());
            Assert.All(shapes, shape => Assert.True(shape.Lines.Count >= 3));
            Assert.DoesNotContain(shapes, shape => shape.Title == DepartmentPlaybooks.For("general", language).Title);
        }
        Assert.Contains("Resumen para dirección financiera", Answer("cfo", InSpanish));
        Assert.Contains("☐ Containment:", Answer("ciso", InEnglish));
        // An agent an admin added to a department the catalog does not know still answers, in general terms.
        Assert.Contains("(simulator) · Answer", Answer("procurement", InEnglish));
    }

    [Theory]
    [InlineData("Resume la variación de gastos de viaje del último trimestre frente al presupuesto.", "es")]
    [InlineData("Draft a friendly reply to a customer asking about a delayed delivery.", "en")]
    [InlineData("Clasifica el correo reportado con asunto 'Factura pendiente urgente'.", "es")]
    [InlineData("Previsión de tesorería a 13 semanas con los cobros pendientes.", "es")]
    [InlineData("Which cloud services grew most in cost this month, and why?", "en")]
    [InlineData("Ideas para la campaña de primavera en tiendas físicas.", "es")]
    [InlineData("Prepare the visitor list for tomorrow's supplier meeting.", "en")]
    [InlineData("Compare both figures", "en")]
    [InlineData("Compara ambas cifras", "es")]
    [InlineData("Tell me again", "en")]
    [InlineData("<EMAIL_1>", "es")]
    public void The_language_is_the_one_the_request_is_written_in_and_spanish_when_it_cannot_tell(string input, string language) =>
        Assert.Equal(language, ReplyLanguage.Of(input));

    [Fact]
    public void The_same_request_gets_the_same_answer() =>
        Assert.Equal(Answer("cto", InEnglish), Answer("cto", InEnglish));

    [Fact]
    public void It_never_quotes_the_input_and_names_only_the_placeholders_of_the_data_that_was_replaced()
    {
        // A policy that allows e-mail addresses lets one through as typed; the IBAN was replaced.
        var answer = Answer("cfo",
            "Envía el resumen a ana.ruiz@contoso.es, cuenta <IBAN_1>, tarjeta <CREDIT_CARD_1> y <IBAN_1> de nuevo, DNI <ES_DNI:0123456789abcdef>, proyecto <Zafiro_7>");

        Assert.DoesNotContain("ana.ruiz", answer);
        Assert.DoesNotContain("Zafiro", answer);
        Assert.Contains("Los datos personales llegaron sustituidos (<IBAN_1>, <CREDIT_CARD_1>, <ES_DNI:0123456789abcdef>)", answer);
        Assert.DoesNotContain("sustituidos", Answer("cfo", InSpanish));
    }
}
