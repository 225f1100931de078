using System.Security.Cryptography;
using System.Text;
using Econeura.Domain.Agents;

namespace Econeura.Domain.Approvals;

/// <summary>
/// Binds an approval to exactly what will be sent: the agent, the redacted input and, for a conversation's turn, the
/// history sent with it. Approvers approve a hash; dispatch sends only a payload with the hash that was approved.
/// </summary>
public static class ApprovalPayload
{
    public static string Hash(string agentId, string redactedInput, IReadOnlyList<AgentMessage>? history = null)
    {
        var payload = new StringBuilder().Append(agentId).Append('\n').Append(redactedInput);
        // Each message framed by its role and length, so no two histories hash alike; none leaves older hashes as they were.
        foreach (var message in history ?? [])
            payload.Append('\n').Append(message.Role).Append(' ').Append(message.Text.Length).Append('\n').Append(message.Text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload.ToString())));
    }
}
