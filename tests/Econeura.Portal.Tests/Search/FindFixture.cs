using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Search;

/// <summary>
/// Finished runs of Contoso's Ana and Bruno and of Fabrikam's Elena, launched through the real launcher (so DLP redacts
/// them) and answered by the simulator: an e-mail address that was redacted, wildcards typed as text, a trip in both tenants.
/// </summary>
public sealed class FindFixture : PortalFixture
{
    public const string RawEmail = "maria.lopez@example.com";
    public const string WithEmail = $"Escribe a {RawEmail} sobre la factura 4711\nSegunda línea con el detalle del pedido";

    public Guid AnasEmailRun { get; private set; }
    public Guid AnasPercentRun { get; private set; }
    public Guid BrunosTrip { get; private set; }
    public Guid ElenasTrip { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        AnasEmailRun = await FinishedAsync("ana", "neura-1", WithEmail);
        AnasPercentRun = await FinishedAsync("ana", "neura-11", "Descuento del 100% en la factura A_B");
        await FinishedAsync("ana", "neura-11", "Descuento del 1000 en la factura AXB");
        BrunosTrip = await FinishedAsync("bruno", "neura-10", "Viaje a Lisboa: presupuesto");
        ElenasTrip = await FinishedAsync("elena", "neura-10", "Viaje a Lisboa para la feria");
    }

    private async Task<Guid> FinishedAsync(string persona, string agentId, string input)
    {
        var user = User(persona);
        var launched = Assert.IsType<LaunchResult.Launched>(await Service<ExecutionLauncher>().LaunchAsync(user, agentId, input));
        await Eventually.Until(() => Service<ExecutionQueries>().FindAsync(user, launched.ExecutionId), run => run?.Status == ExecutionStatus.Completed,
            $"{persona}'s run of {agentId} to complete");
        return launched.ExecutionId;
    }
}
