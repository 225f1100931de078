namespace Econeura.Domain.FinOps;

/// <summary>
/// Where a tenant's budget alerts are posted: a webhook (Teams/Slack-style <c>{"text": …}</c> plus the alert's fields),
/// and optionally a header carrying a secret that is named here and kept in the tenant's secret store, never its value.
/// </summary>
public sealed record AlertChannel(Guid Id, string Name, string Url, string? SecretHeader = null, string? SecretName = null);

public enum AlertChannelProblem
{
    Required,
    TooLong,
    NotAnAddress,
    NotAHeaderName,
    NotASecretName,
    HeaderWithoutSecret,
    Duplicate,
    TooMany,

    /// <summary>The name is not one of the tenant's secrets (checked by the portal, which knows the tenant's configuration).</summary>
    UnknownSecret,

    /// <summary>The address is in a network the tenant may not call (the portal's egress policy).</summary>
    AddressNotAllowed,
}

public static class AlertChannelRules
{
    public const int MostChannels = 10;
    public const int LongestName = 80;
    public const int LongestUrl = 2_000;

    /// <summary>Each problem of a tenant's channels, named by field (<c>channels[1].url</c>).</summary>
    public static IReadOnlyList<(string Field, AlertChannelProblem Problem)> Validate(IReadOnlyList<AlertChannel> channels)
    {
        var problems = new List<(string, AlertChannelProblem)>();
        if (channels.Count > MostChannels) problems.Add(("channels", AlertChannelProblem.TooMany));
        for (var i = 0; i < channels.Count; i++)
        {
            var channel = channels[i];
            var field = $"channels[{i}]";
            if (string.IsNullOrWhiteSpace(channel.Name)) problems.Add(($"{field}.name", AlertChannelProblem.Required));
            else if (channel.Name.Length > LongestName || !Common.StorableText.IsStorable(channel.Name))
                problems.Add(($"{field}.name", AlertChannelProblem.TooLong));
            else if (channels.Take(i).Any(c => string.Equals(c.Name.Trim(), channel.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
                problems.Add(($"{field}.name", AlertChannelProblem.Duplicate));
            if (string.IsNullOrWhiteSpace(channel.Url)) problems.Add(($"{field}.url", AlertChannelProblem.Required));
            else if (channel.Url.Length > LongestUrl || !Agents.AgentRules.IsHttpAddress(channel.Url))
                problems.Add(($"{field}.url", AlertChannelProblem.NotAnAddress));
            var header = string.IsNullOrWhiteSpace(channel.SecretHeader) ? null : channel.SecretHeader;
            var secret = string.IsNullOrWhiteSpace(channel.SecretName) ? null : channel.SecretName;
            if (header is not null && !IsHeaderName(header)) problems.Add(($"{field}.secretHeader", AlertChannelProblem.NotAHeaderName));
            if (secret is not null && !Agents.AgentRules.IsSecretName(secret)) problems.Add(($"{field}.secretName", AlertChannelProblem.NotASecretName));
            if ((header is null) != (secret is null))
                problems.Add((header is null ? $"{field}.secretHeader" : $"{field}.secretName", AlertChannelProblem.HeaderWithoutSecret));
        }
        return problems;
    }

    /// <summary>An HTTP header's name (RFC 9110 token), and not one the portal sets itself.</summary>
    public static bool IsHeaderName(string name) =>
        name.Length is >= 1 and <= 100
        && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))
        && !new[] { "Content-Type", "Content-Length", "Host", "Idempotency-Key", "Transfer-Encoding" }.Contains(name, StringComparer.OrdinalIgnoreCase);
}
