using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;
using Econeura.Domain.FinOps;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.FinOps;
using Econeura.Portal.Features.Identity;
using Econeura.Domain.Dlp;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// Six weeks of history for the demo tenants, so a first look at the portal (and at finance's dashboards) is not empty,
/// and a few requests waiting for approvers. Written through the same decisions as real executions, dated in the past
/// and priced with the tenant's price table; it runs only when Econeura:SeedDemoHistory is set (the start script sets
/// it) and only into a tenant that has no executions yet.
/// </summary>
public sealed class DemoHistorySeeder(
    IDocumentStore store,
    AgentCatalog catalog,
    ExecutionLauncher launcher,
    PriceTable prices,
    FinOpsSettingsStore finops,
    SpendQueries spend,
    People people,
    TimeProvider time) : IHostedService
{
    private const int Days = 42;

    private static readonly string[] Inputs =
    [
        "Resume la variación de gastos de viaje del último trimestre frente al presupuesto.",
        "Draft a friendly reply to a customer asking about a delayed delivery.",
        "Clasifica el correo reportado con asunto 'Factura pendiente urgente'.",
        "Previsión de tesorería a 13 semanas con los cobros pendientes.",
        "Which cloud services grew most in cost this month, and why?",
        "Ideas para la campaña de primavera en tiendas físicas.",
        "Prepare the visitor list for tomorrow's supplier meeting.",
        "Resume las incidencias abiertas del último sprint por prioridad.",
    ];

    // History from before the risk policy: it needed nobody's approval.
    private static readonly RiskAssessment PastRisk = new(RiskLevel.Low, [], 0, TimeSpan.FromHours(1), TimeSpan.FromHours(2));

    /// <summary>Requests that wait for approvers when the demo starts, so the approval queue has work in it.</summary>
    private static readonly (string Persona, string AgentId, string Input)[] WaitingForApproval =
    [
        ("ana", "ciso-access-recertification", "Prepara la recertificación trimestral de accesos al ERP para los responsables de área."),
        ("ana", "cfo-treasury", "Previsión de pagos a proveedores de la próxima semana."),
        ("elena", "chro-secure-offboarding", "Baja de un empleado de tienda el viernes: revocar accesos y recuperar el portátil."),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var tenant in DevelopmentPersonas.All.Select(p => p.Tenant).Distinct())
        {
            await using (var probe = store.QuerySession(tenant.Id))
                if (await probe.Query<ExecutionView>().AnyAsync(cancellationToken)) continue;
            await SeedHistoryAsync(tenant, cancellationToken);
            // The demo's people are known as if each had signed in once, in Spanish: admins list them with their cost centres,
            // and approvals can reach them.
            foreach (var persona in DevelopmentPersonas.All.Where(p => p.Tenant == tenant))
                await people.NoteAsync(PortalUser.Require(persona.Principal("demo")), PortalUi.SupportedCultures[0], cancellationToken);
            // Launched before the finance budget is tightened, so they hold their room: early in a month the tightened
            // budget may have none left, and a refused launch would leave the queue without its demo requests.
            foreach (var (persona, agentId, input) in WaitingForApproval.Where(w => DevelopmentPersonas.Get(w.Persona).Tenant == tenant))
                await launcher.LaunchAsync(PortalUser.Require(DevelopmentPersonas.Get(persona).Principal("demo")), agentId, input, cancellationToken);
            await TightenFinanceBudgetAsync(tenant, cancellationToken);
        }
    }

    private async Task SeedHistoryAsync(DemoTenant tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // The same history at every start: string hashes change per process, a Guid's do not.
        var random = new Random(StableIds.From($"demo-history|{tenant.Id}").GetHashCode());
        var personas = DevelopmentPersonas.All.Where(p => p.Tenant == tenant && p.Roles.Contains(AppRoles.User)).ToList();
        var agents = await catalog.ListAsync(tenant.Id, cancellationToken);
        var book = await prices.BookAsync(tenant.Id, cancellationToken);
        var zone = await finops.TimeZoneAsync(tenant.Id, cancellationToken);
        await using var session = store.LightweightSession(tenant.Id);
        var played = 0;
        for (var day = Days; day >= 1; day--)
        {
            for (var run = random.Next(3, 9); run > 0; run--)
            {
                var persona = personas[random.Next(personas.Count)];
                var agent = agents[random.Next(agents.Count)];
                var at = now.AddDays(-day).AddMinutes(random.Next(8 * 60, 19 * 60) - now.TimeOfDay.TotalMinutes);
                var localDay = BudgetCalendar.LocalDay(at, zone);
                if (book.For(agent, localDay) is not { } price) continue;
                // Ids from the run's place in the history, as its draws are, so two starts on the same clock write the same history.
                var id = StableIds.From($"demo-history|{tenant.Id}|{++played}");
                var tokens = (Input: random.Next(200, 2_500), Output: random.Next(150, 2_000));
                session.Events.StartStream(id, Played(agent, persona, id, Inputs[random.Next(Inputs.Length)], fails: random.Next(20) == 0, new Charge(price,
                    localDay), tokens, at).ToArray());
            }
        }
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The demo's finance budget stands at about 85 % of what it spent this month, so its alerts show at first start.</summary>
    private async Task TightenFinanceBudgetAsync(DemoTenant tenant, CancellationToken cancellationToken)
    {
        var zone = await finops.TimeZoneAsync(tenant.Id, cancellationToken);
        var (first, last) = BudgetCalendar.DaysOf(BudgetCalendar.MonthOf(time.GetUtcNow(), zone));
        var spent = (await spend.SpentByScopeAsync(tenant.Id, first, last, cancellationToken)).GetValueOrDefault("cfo");
        if (spent <= 0) return;
        var budget = await finops.BudgetAsync(tenant.Id, "cfo", cancellationToken);
        budget.LimitEur = Math.Max(0.01m, Math.Round(spent / 0.85m, 2));
        var finance = DevelopmentPersonas.All.FirstOrDefault(p => p.Tenant == tenant && p.Roles.Contains(AppRoles.Finance)) ?? DevelopmentPersonas.All.First(p
            => p.Tenant == tenant);
        await finops.SaveBudgetAsync(tenant.Id, budget, PortalUser.Require(finance.Principal("demo")), cancellationToken);
    }

    private static List<object> Played(
        AgentDefinition agent, DevelopmentPersona persona, Guid id, string input, bool fails, Charge charge, (int Input, int Output) tokens, DateTimeOffset at)
    {
        var events = new List<object>();
        events.AddRange(ExecutionDecisions.Request(
            agent,
            new RequestExecution(id, persona.Tenant.Id, $"dev-{persona.Id}", persona.DisplayName, input, id.ToString("N"), StableIds.From($"{id}|approval"),
                persona.CostCentre),
            new Screening(DlpEngine.Process(input, DlpPolicy.Default, RedactionOperator.Replace), PastRisk, 0m),
            at).ExecutionEvents);
        Execution Current() => Execution.Fold(events);
        for (var attempt = 1; attempt <= (fails ? ExecutionDecisions.MaxAttempts : 1); attempt++)
        {
            events.AddRange(ExecutionDecisions.Dispatch(Current(), $"demo-{attempt}", at.AddSeconds(attempt * 5)));
            events.AddRange(fails
                ? ExecutionDecisions.RecordFailure(Current(), "Simulated failure (demo history).", charge, tokens.Input, at.AddSeconds(attempt * 5 + 2))
                : ExecutionDecisions.RecordReply(Current(),
                    new AgentReply(SimulatedAnswer.For(new SimulatorPrompt(agent, Current().RedactedInput)), tokens.Input, tokens.Output, 1400),
                    charge, at.AddSeconds(7)));
        }
        return events;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
