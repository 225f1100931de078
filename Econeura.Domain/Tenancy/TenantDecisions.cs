using Econeura.Domain.Common;

namespace Econeura.Domain.Tenancy;

/// <summary>What the operator asks for when onboarding an organisation.</summary>
public sealed record OnboardTenant(string DirectoryId, string DisplayName, string TimeZone, decimal DefaultBudgetEur, bool ApplySeedRoutes);

public enum TenantField
{
    DirectoryId,
    DisplayName,
    TimeZone,
    DefaultBudgetEur,
}

public enum TenantProblem
{
    Required,
    NotADirectoryId,
    TooLong,
    UnknownTimeZone,
    OutOfRange,
}

public sealed record TenantFieldProblem(TenantField Field, TenantProblem Problem);

/// <summary>The outcome of an onboarding or offboarding: the registration to store, or why there is none.</summary>
public abstract record TenantDecision
{
    public sealed record Changed(TenantRegistration Registration) : TenantDecision;

    public sealed record Invalid(IReadOnlyList<TenantFieldProblem> Problems) : TenantDecision;

    /// <summary>Onboarding an organisation that is onboarded and active already.</summary>
    public sealed record AlreadyActive : TenantDecision;

    /// <summary>Offboarding an organisation that is neither onboarded nor allowed by configuration, or offboarded already.</summary>
    public sealed record NotActive : TenantDecision;
}

/// <summary>Pure rules of who may use the portal, and of onboarding and offboarding an organisation.</summary>
public static class TenantDecisions
{
    public const int MaxDisplayNameLength = 100;
    public const decimal MinBudgetEur = 0.01m;
    public const decimal MaxBudgetEur = 10_000_000m;

    /// <summary>
    /// An organisation may sign in, call the API and have its work run when it is onboarded and active, or when the
    /// configuration allows its directory and the operator has not offboarded it.
    /// </summary>
    public static bool IsAllowed(string tenantId, TenantRegistration? registration, IReadOnlySet<string> configuredDirectories) =>
        registration is { } known
            ? known.IsActive
            : DirectoryId.Normalize(tenantId) is { } id && configuredDirectories.Contains(id);

    public static IReadOnlyList<TenantFieldProblem> Validate(OnboardTenant command)
    {
        var problems = new List<TenantFieldProblem>();
        if (string.IsNullOrWhiteSpace(command.DirectoryId)) problems.Add(new(TenantField.DirectoryId, TenantProblem.Required));
        else if (!DirectoryId.IsValid(command.DirectoryId)) problems.Add(new(TenantField.DirectoryId, TenantProblem.NotADirectoryId));
        if (string.IsNullOrWhiteSpace(command.DisplayName)) problems.Add(new(TenantField.DisplayName, TenantProblem.Required));
        else if (command.DisplayName.Trim().Length > MaxDisplayNameLength || !Common.StorableText.IsStorable(command.DisplayName))
            problems.Add(new(TenantField.DisplayName, TenantProblem.TooLong));
        if (string.IsNullOrWhiteSpace(command.TimeZone)) problems.Add(new(TenantField.TimeZone, TenantProblem.Required));
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(command.TimeZone, out _)) problems.Add(new(TenantField.TimeZone, TenantProblem.UnknownTimeZone));
        if (command.DefaultBudgetEur is < MinBudgetEur or > MaxBudgetEur) problems.Add(new(TenantField.DefaultBudgetEur, TenantProblem.OutOfRange));
        return problems;
    }

    /// <summary>Onboards a new organisation, or one offboarded before (its records are still there); an active one is left as it is.</summary>
    public static TenantDecision Onboard(TenantRegistration? current, OnboardTenant command, string by, DateTimeOffset now)
    {
        if (Validate(command) is { Count: > 0 } problems) return new TenantDecision.Invalid(problems);
        if (current is { IsActive: true, Version: > 0 }) return new TenantDecision.AlreadyActive();
        return new TenantDecision.Changed(new TenantRegistration
        {
            Id = DirectoryId.Normalize(command.DirectoryId)!,
            Version = current?.Version ?? 0,
            DisplayName = command.DisplayName.Trim(),
            TimeZone = command.TimeZone,
            DefaultBudgetEur = command.DefaultBudgetEur,
            AppliesSeedRoutes = command.ApplySeedRoutes,
            OnboardedAt = now,
            OnboardedBy = by,
        });
    }

    /// <summary>
    /// Offboards an onboarded organisation, or one the configuration allows (which then gets a registration that says
    /// it is offboarded): sign-in, the API and its background work stop; nothing of its own is deleted.
    /// </summary>
    public static TenantDecision Offboard(string directoryId, TenantRegistration? current, IReadOnlySet<string> configuredDirectories,
        string fallbackName, string by, DateTimeOffset now)
    {
        if (!IsAllowed(directoryId, current, configuredDirectories)) return new TenantDecision.NotActive();
        return new TenantDecision.Changed(new TenantRegistration
        {
            Id = DirectoryId.Normalize(directoryId)!,
            Version = current?.Version ?? 0,
            DisplayName = current?.DisplayName ?? fallbackName,
            TimeZone = current?.TimeZone ?? "",
            DefaultBudgetEur = current?.DefaultBudgetEur ?? 0,
            AppliesSeedRoutes = current?.AppliesSeedRoutes ?? false,
            OnboardedAt = current?.OnboardedAt ?? now,
            OnboardedBy = current?.OnboardedBy ?? "",
            OffboardedAt = now,
            OffboardedBy = by,
        });
    }
}
