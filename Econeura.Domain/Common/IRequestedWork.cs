namespace Econeura.Domain.Common;

/// <summary>What a request for an agent's work says about itself, on an execution and on its approval alike.</summary>
public interface IRequestedWork
{
    string TenantId { get; }
    string AgentId { get; }
    string AgentName { get; }
    string Department { get; }
    string RequestedBy { get; }
    string RequestedByName { get; }
    DateTimeOffset RequestedAt { get; }

    /// <summary>The input as DLP left it: the only form in which it is ever stored or sent.</summary>
    string RedactedInput { get; }
}
