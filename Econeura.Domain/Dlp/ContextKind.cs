namespace Econeura.Domain.Dlp;

/// <summary>What the nearest keyword before a number says about it (see <see cref="KeywordContext.Before"/>).</summary>
internal enum ContextKind { None, PhonePositive, Reference, Ssn, Version, Amount }
