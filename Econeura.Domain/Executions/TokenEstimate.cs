namespace Econeura.Domain.Executions;

/// <summary>Roughly how many tokens a text is, before any model has counted them: about four characters each.</summary>
public static class TokenEstimate
{
    public static int Of(string text) => Math.Max(1, (text.Length + 3) / 4);
}
