namespace Econeura.Domain.Notifications;

public sealed record MessageFact(string Label, string Value);

/// <summary>
/// One thing to tell: a heading, its facts, optionally a quoted text (always the redacted input, never the raw one) and
/// the one link that opens it in the portal. No section carries a decision: the link does, after sign-in.
/// </summary>
public sealed record MessageSection(string Heading, IReadOnlyList<MessageFact> Facts, string? QuoteLabel, string? Quote, string LinkText, string Link);

/// <summary>A message in its reader's language, before it is written as mail, card or webhook body.</summary>
/// <param name="Footer">Why the reader receives it and where they change that.</param>
public sealed record NotificationMessage(string Subject, IReadOnlyList<MessageSection> Sections, string Footer);
