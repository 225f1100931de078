using Econeura.Domain.Agents;
using Econeura.Domain.FinOps;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Agents.Routing;

/// <summary>
/// The most tokens one call to an agent can be billed for (<see cref="CallBound"/>), with the simulator answering as this
/// portal sets it: what the launch estimate prices and what a call whose reply was lost is charged at.
/// </summary>
public sealed class AgentCallBounds(IOptionsMonitor<SimulatorOptions> simulator)
{
    public TokenUsage Of(AgentDefinition agent, string input) =>
        CallBound.Of(agent, input, SimulatorConnector.Behaviour(simulator.CurrentValue, agent.Simulator).OutputTokens);
}
