using Econeura.Portal.Features.Agents.Routing;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Econeura.Portal.Features.Notifications;

/// <summary>Sends one mail over SMTP (MailKit), as HTML with a plain-text alternative.</summary>
public sealed class MailSender(IOptions<NotificationOptions> options, IConfiguration configuration)
{
    public bool IsConfigured => options.Value.Smtp.IsConfigured;

    /// <param name="messageId">The delivery's id: a retried send carries the same Message-Id, for the receiving side to see it twice.</param>
    public async Task SendAsync(string to, string toName, string subject, string text, string html, Guid messageId, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        if (smtp.Host is not { Length: > 0 } host || string.IsNullOrWhiteSpace(host)) throw new DeliveryUnusableException("no mail server configured");
        var message = new MimeMessage { Subject = subject, MessageId = $"{messageId:N}@econeura" };
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(new MailboxAddress(toName, to));
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();

        using var client = new SmtpClient { Timeout = 15_000 };
        var security = !smtp.UseTls ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(host, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrWhiteSpace(smtp.UserName))
        {
            // A platform secret: the mail server is the operator's, not a tenant's.
            var password = smtp.PasswordSecret is { } name ? configuration[$"{AgentSecrets.Section}:Platform:{name}:Value"] : null;
            if (password is null) throw new DeliveryUnusableException($"no secret named '{smtp.PasswordSecret}' is configured for the mail server");
            await client.AuthenticateAsync(smtp.UserName, password, cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>A delivery that cannot succeed as things are configured: recorded at once, not retried.</summary>
public sealed class DeliveryUnusableException(string reason) : Exception(reason);
