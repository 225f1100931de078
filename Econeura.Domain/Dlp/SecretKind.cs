namespace Econeura.Domain.Dlp;

/// <summary>What a key or label says its value is (<see cref="SecretKeys.Classify"/>).</summary>
internal enum SecretKind
{
    None,
    Password,
    Token,
}
