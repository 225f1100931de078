namespace Econeura.Portal.Features.Notifications;

/// <summary><c>Notifications</c>: where links in messages point, the mail server, and when digests go out.</summary>
public sealed class NotificationOptions
{
    /// <summary>
    /// The portal's public address for links in messages (<c>https://econeura.contoso.com</c>). Unset, the first address
    /// this server listens on, which is right only for a development portal on one machine.
    /// </summary>
    public string? PortalUrl { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The hour (UTC) at which daily digests are sent.</summary>
    public int DigestHourUtc { get; set; } = 7;

    public bool IsValid() =>
        (string.IsNullOrWhiteSpace(PortalUrl) || Uri.TryCreate(PortalUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        && DigestHourUtc is >= 0 and <= 23 && Smtp.IsValid();
}

/// <summary><c>Notifications:Smtp</c>. No <see cref="Host"/>: no mail is sent, and the admin page says so.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>TLS on connect for port 465, STARTTLS otherwise; off only for a local catcher.</summary>
    public bool UseTls { get; set; } = true;

    public string From { get; set; } = "Econeura <no-reply@econeura.example>";
    public string? UserName { get; set; }

    /// <summary>The NAME of a platform secret (<c>Secrets:Platform:&lt;name&gt;:Value</c>) holding the password, never the password.</summary>
    public string? PasswordSecret { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public bool IsValid() =>
        !IsConfigured || Port is > 0 and < 65536 && MimeKit.MailboxAddress.TryParse(From, out _)
        && (PasswordSecret is null || Econeura.Domain.Agents.AgentRules.IsSecretName(PasswordSecret));
}
