using System.Security.Cryptography;
using System.Text;

namespace Econeura.Domain.Approvals;

/// <summary>
/// Binds an approval to exactly what will be sent: the agent and the redacted input. Approvers approve a hash; dispatch
/// sends only a payload with the hash that was approved.
/// </summary>
public static class ApprovalPayload
{
    public static string Hash(string agentId, string redactedInput) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{agentId}\n{redactedInput}")));
}
