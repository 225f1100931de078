using Microsoft.AspNetCore.Components;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// Tells a page of spend, live, that runs of its reader's tenant recorded costs (or that changes may have been missed),
/// so that it reads its totals again. Costs are recorded on the runs' own streams: the feature whose runs they are
/// provides it.
/// </summary>
public interface ILiveCosts
{
    /// <summary>What the page renders to be told: it calls <paramref name="onRecorded"/> on the page's circuit.</summary>
    RenderFragment Watch(EventCallback onRecorded);
}
