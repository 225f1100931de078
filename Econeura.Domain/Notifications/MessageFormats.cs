using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Econeura.Domain.Notifications;

/// <summary>A <see cref="NotificationMessage"/> written for each channel: mail (plain text and HTML), a Teams Adaptive Card, a JSON webhook.</summary>
public static class MessageFormats
{
    public const string CardVersion = "1.5";

    public static string PlainText(NotificationMessage message)
    {
        var text = new StringBuilder();
        foreach (var section in message.Sections)
        {
            text.AppendLine(section.Heading).AppendLine();
            foreach (var fact in section.Facts) text.Append(fact.Label).Append(": ").AppendLine(fact.Value);
            if (section.Quote is not null) text.AppendLine().AppendLine(section.QuoteLabel).AppendLine(Indent(section.Quote));
            text.AppendLine().Append(section.LinkText).Append(": ").AppendLine(section.Link).AppendLine();
        }
        return text.Append("-- ").AppendLine().AppendLine(message.Footer).ToString();
    }

    public static string Html(NotificationMessage message, string language)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(E(language)).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(message.Subject)).Append("</title></head><body style=\"font-family:sans-serif;line-height:1.4\">");
        foreach (var section in message.Sections)
        {
            html.Append("<h1 style=\"font-size:1.2em\">").Append(E(section.Heading)).Append("</h1><table>");
            foreach (var fact in section.Facts)
                html.Append("<tr><th style=\"text-align:left;padding-right:1em\">").Append(E(fact.Label)).Append("</th><td>").Append(E(fact.Value))
                    .Append("</td></tr>");
            html.Append("</table>");
            if (section.Quote is not null)
                html.Append("<p><strong>").Append(E(section.QuoteLabel ?? "")).Append("</strong></p><pre style=\"white-space:pre-wrap\">")
                    .Append(E(section.Quote)).Append("</pre>");
            html.Append("<p><a href=\"").Append(E(section.Link)).Append("\">").Append(E(section.LinkText)).Append("</a></p>");
        }
        return html.Append("<hr><p style=\"color:#555;font-size:0.9em\">").Append(E(message.Footer)).Append("</p></body></html>").ToString();
    }

    /// <summary>
    /// The Teams incoming-webhook / Workflows body: one Adaptive Card whose only action opens the portal. A card could
    /// carry Approve/Reject buttons; it deliberately does not (docs/notifications.md says why).
    /// </summary>
    public static JsonObject TeamsCard(NotificationMessage message)
    {
        var body = new JsonArray();
        foreach (var section in message.Sections)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = section.Heading, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true });
            var facts = new JsonArray();
            foreach (var fact in section.Facts) facts.Add(new JsonObject { ["title"] = fact.Label, ["value"] = fact.Value });
            if (facts.Count > 0) body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
            if (section.Quote is not null)
            {
                body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = section.QuoteLabel, ["weight"] = "Bolder", ["wrap"] = true });
                body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = section.Quote, ["fontType"] = "Monospace", ["wrap"] = true });
            }
            body.Add(new JsonObject
            {
                ["type"] = "ActionSet",
                ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = section.LinkText, ["url"] = section.Link }),
            });
        }
        body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = message.Footer, ["isSubtle"] = true, ["size"] = "Small", ["wrap"] = true });
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = CardVersion,
            ["body"] = body,
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card }),
        };
    }

    /// <summary>A generic JSON webhook body: Slack-compatible <c>text</c>, and the same facts as fields for anything else.</summary>
    public static JsonObject Webhook(NotificationMessage message, NotificationKind kind, Guid deliveryId) => new()
    {
        ["text"] = $"{message.Subject}\n{string.Join("\n", message.Sections.Select(s => s.Link))}",
        ["kind"] = kind.ToString(),
        ["deliveryId"] = deliveryId,
        ["subject"] = message.Subject,
        ["items"] = new JsonArray([.. message.Sections.Select(section => (JsonNode)new JsonObject
        {
            ["heading"] = section.Heading,
            ["facts"] = new JsonArray([.. section.Facts.Select(f => (JsonNode)new JsonObject { ["label"] = f.Label, ["value"] = f.Value })]),
            ["quote"] = section.Quote,
            ["link"] = section.Link,
        })]),
    };

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(line => "    " + line.TrimEnd('\r')));

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
