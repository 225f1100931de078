namespace Econeura.Domain.Common;

/// <summary>How risky a request is: what an agent is by default, and what a request is assessed as.</summary>
public enum RiskLevel
{
    Low,
    Medium,
    High,
}
