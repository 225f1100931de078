namespace Econeura.Domain.Executions;

/// <summary>Why a launch is refused; the portal turns each into a localised message.</summary>
public enum LaunchError
{
    UnknownAgent,
    AgentDisabled,
    EmptyInput,
    InputTooLong,

    /// <summary>NUL or a broken surrogate pair: characters that cannot be stored.</summary>
    InvalidCharacters,
    BudgetExhausted,
}

public sealed class LaunchRejectedException(IReadOnlyList<LaunchError> errors)
    : Exception($"Launch rejected: {string.Join(", ", errors)}")
{
    public IReadOnlyList<LaunchError> Errors { get; } = errors;
}
