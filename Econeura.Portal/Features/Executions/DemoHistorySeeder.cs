using Econeura.Domain.Approvals;
using Econeura.Domain.Dlp;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.Identity;
using Econeura.Portal.Infrastructure.Security;
using Marten;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// A little history for the demo tenants, so a first look at the portal is not empty. Written through the same
/// decisions as real executions, dated in the past; it runs only when Econeura:SeedDemoHistory is set (the start script
/// sets it) and only into a tenant that has no executions yet.
/// </summary>
public sealed class DemoHistorySeeder(IDocumentStore store, AgentCatalog catalog, ExecutionLauncher launcher, TimeProvider time) : IHostedService
{
    private static readonly (string Persona, string AgentId, string Input, bool Fails)[] Samples =
    [
        ("ana", "neura-3", "Resume la variación de gastos de viaje del último trimestre frente al presupuesto.", false),
        ("ana", "neura-11", "Draft a friendly reply to a customer asking about a delayed delivery.", false),
        ("bruno", "ciso-phishing-triage", "Clasifica el correo reportado con asunto 'Factura pendiente urgente'.", false),
        ("carmen", "cfo-treasury", "Previsión de tesorería a 13 semanas con los cobros pendientes.", true),
        ("diego", "cto-cloud-finops", "Which cloud services grew most in cost this month, and why?", false),
        ("elena", "neura-6", "Ideas para la campaña de primavera en tiendas físicas.", false),
        ("fabio", "neura-9", "Prepare the visitor list for tomorrow's supplier meeting.", false),
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
        var now = time.GetUtcNow();
        foreach (var tenant in DevelopmentPersonas.All.Select(p => p.Tenant).Distinct())
        {
            await using var session = store.LightweightSession(tenant.Id);
            if (await session.Query<ExecutionView>().AnyAsync(cancellationToken)) continue;
            var index = 0;
            foreach (var (sample, persona) in Samples.Select(s => (s, DevelopmentPersonas.Get(s.Persona))).Where(p => p.Item2.Tenant == tenant))
            {
                var agent = await catalog.FindAsync(tenant.Id, sample.AgentId, cancellationToken)
                    ?? throw new InvalidOperationException($"Demo agent {sample.AgentId} is not in the seed catalog.");
                var requestedAt = now.AddDays(-(++index)).AddHours(-index);
                var id = Guid.CreateVersion7(requestedAt);
                session.Events.StartStream(id, DemoStream(agent, persona, id, sample.Input, sample.Fails, requestedAt).ToArray());
            }
            await session.SaveChangesAsync(cancellationToken);
            foreach (var (persona, agentId, input) in WaitingForApproval.Where(w => DevelopmentPersonas.Get(w.Persona).Tenant == tenant))
                await launcher.LaunchAsync(PortalUser.Require(DevelopmentPersonas.Get(persona).Principal("demo")), agentId, input, cancellationToken);
        }
    }

    private static IEnumerable<object> DemoStream(
        Econeura.Domain.Agents.AgentDefinition agent, DevelopmentPersona persona, Guid id, string input, bool fails, DateTimeOffset at)
    {
        var events = new List<object>();
        events.AddRange(ExecutionDecisions.Request(
            agent,
            new RequestExecution(id, persona.Tenant.Id, $"dev-{persona.Id}", persona.DisplayName, input, id.ToString("N"), Guid.CreateVersion7()),
            new Screening(DlpEngine.Process(input, DlpPolicy.Default, RedactionOperator.Replace, DlpEngine.DefaultBudget), PastRisk, 0m),
            at).ExecutionEvents);
        Execution Current() => Execution.Fold(events);
        for (var attempt = 1; attempt <= (fails ? ExecutionDecisions.MaxAttempts : 1); attempt++)
        {
            events.AddRange(ExecutionDecisions.Dispatch(Current(), $"demo-{attempt}", at.AddSeconds(attempt * 5)));
            events.AddRange(fails
                ? ExecutionDecisions.RecordFailure(Current(), "Simulated failure (demo history).", at.AddSeconds(attempt * 5 + 2))
                : ExecutionDecisions.RecordReply(Current(), new AgentReply($"{agent.Name} (simulator): demo answer.", input.Length / 4, 180, 1400), agent.Price, at.AddSeconds(7)));
        }
        return events;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
