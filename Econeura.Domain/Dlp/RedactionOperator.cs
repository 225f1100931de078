namespace Econeura.Domain.Dlp;

/// <summary>Redaction operators. Wire names: "mask", "replace", "hash".</summary>
public enum RedactionOperator
{
    Mask,
    Replace,
    Hash,
}
