namespace Econeura.Portal.Features.Dispatch;

public sealed class DispatchOptions
{
    /// <summary>
    /// Agent calls one tenant may have handed to workers at once across all nodes; 0 turns the cap off. Unset: half the
    /// workers of a node, so one tenant's burst always leaves workers for the others.
    /// </summary>
    public int? PerTenantInFlight { get; set; }

    /// <summary>
    /// Executions one tenant may have waiting for a worker; beyond it a launch is refused with when to try again, rather
    /// than accepted into a wait that only grows. 0 turns the limit off.
    /// </summary>
    public int MaxQueuedPerTenant { get; set; } = 500;
}
