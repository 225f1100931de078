namespace Econeura.Domain.Dlp;

/// <summary>Policy actions, ordered by strictness (Block is strictest).</summary>
public enum DlpAction
{
    Allow = 0,
    Redact = 1,
    RequireApproval = 2,
    Block = 3,
}
