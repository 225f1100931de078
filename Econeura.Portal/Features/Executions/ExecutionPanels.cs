using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.FinOps;
using Microsoft.AspNetCore.Components;

namespace Econeura.Portal.Features.Executions;

/// <summary>What pages of the features below Executions show of executions, through the seams those features own.</summary>
public sealed class ExecutionPanels : IApprovalWorkTimeline, ILiveCosts
{
    public RenderFragment Of(ApprovalView approval) => Component<ApprovalExecutionTimeline>(nameof(ApprovalExecutionTimeline.Approval), approval);

    public RenderFragment Watch(EventCallback onRecorded) => Component<ExecutionCostsWatch>(nameof(ExecutionCostsWatch.OnRecorded), onRecorded);

    private static RenderFragment Component<TComponent>(string parameter, object value) where TComponent : IComponent => builder =>
    {
        builder.OpenComponent<TComponent>(0);
        builder.AddComponentParameter(1, parameter, value);
        builder.CloseComponent();
    };
}
