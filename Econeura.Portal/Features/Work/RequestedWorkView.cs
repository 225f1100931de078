using Econeura.Domain.Common;
using Econeura.Domain.Dlp;
using Econeura.Portal.Features.FinOps;

namespace Econeura.Portal.Features.Work;

/// <summary>The part of a read model that describes the request: shared by executions and their approvals.</summary>
public abstract class RequestedWorkView
{
    public string TenantId { get; set; } = "";
    public string AgentId { get; set; } = "";
    public string AgentName { get; set; } = "";
    public string Department { get; set; } = "";
    public string RequestedBy { get; set; } = "";
    public string RequestedByName { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Exactly what is (or will be) sent, already redacted; nobody sees more.</summary>
    public string RedactedInput { get; set; } = "";

    /// <summary>Where DLP's placeholders sit in <see cref="RedactedInput"/>, so pages mark them by type.</summary>
    public List<Replacement> Placeholders { get; set; } = [];

    /// <summary>What the request spends for: the budgets it counts against follow from it.</summary>
    public BudgetedRun Budgeted() => new(Department, AgentId, RequestedBy, RequestedByName);

    public void Describe(IRequestedWork request, IEnumerable<Replacement>? placeholders)
    {
        TenantId = request.TenantId;
        AgentId = request.AgentId;
        AgentName = request.AgentName;
        Department = request.Department;
        RequestedBy = request.RequestedBy;
        RequestedByName = request.RequestedByName;
        RequestedAt = request.RequestedAt;
        RedactedInput = request.RedactedInput;
        Placeholders = [.. placeholders ?? []];
    }
}
