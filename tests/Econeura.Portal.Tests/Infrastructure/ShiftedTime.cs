namespace Econeura.Portal.Tests.Infrastructure;

/// <summary>The real clock moved on by a fixed span: jobs run "hours later" without anyone waiting for them.</summary>
public sealed class ShiftedTime(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
