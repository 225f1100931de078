namespace Econeura.Domain.Agents;

public enum MessageRole
{
    User,
    Agent,
}

/// <summary>One message of a conversation as the agent receives it: the user's redacted words, or the agent's answer.</summary>
public sealed record AgentMessage(MessageRole Role, string Text);
