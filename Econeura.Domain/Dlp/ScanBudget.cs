namespace Econeura.Domain.Dlp;

/// <summary>
/// How much work one scan may do, counted in the engine's own steps, never in time: a busy or freshly started machine
/// scans exactly what an idle one does, and the same text always gets the same verdict. A pass that stops at an anchor
/// takes one step (what a detector reads around an anchor is bounded by a constant); a look-around whose length depends
/// on the text (the CSV header search) takes one step per character it reads. Linear scanning stays far inside
/// <see cref="For"/>; input that makes a look-around read the same text over and over runs out, and fails closed.
/// </summary>
public readonly record struct ScanBudget(long Steps)
{
    /// <summary>Room for the three passes' anchors and the CSV look-back of rows of up to ~100 numeric fields.</summary>
    public const int StepsPerCharacter = 256;

    public const int BaseSteps = 4096;

    public static ScanBudget Unlimited { get; } = new(long.MaxValue);

    /// <summary>The budget of <paramref name="text"/>: proportional to its length.</summary>
    public static ScanBudget For(string? text) => new(BaseSteps + (long)StepsPerCharacter * (text?.Length ?? 0));
}
