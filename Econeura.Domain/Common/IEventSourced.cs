namespace Econeura.Domain.Common;

/// <summary>
/// State that a stream's events fold into: what the write path reads before a decision and what it answers after one,
/// the same for every kind of stream.
/// </summary>
public interface IEventSourced<TSelf> where TSelf : IEventSourced<TSelf>
{
    /// <summary>The state a whole stream tells, from its first event.</summary>
    static abstract TSelf Fold(IReadOnlyList<object> events);

    static abstract TSelf Evolve(TSelf state, object @event);
}
