namespace Econeura.Portal.Infrastructure.LiveUpdates;

/// <summary>A read model row that live pages receive: a Marten document keyed by its stream's id.</summary>
public interface ILiveRow
{
    Guid Id { get; }

    /// <summary>The stream version the row reflects; of two copies of one row, the higher is newer.</summary>
    long Version { get; }
}

/// <summary>
/// What changed since a subscriber last heard: the items (stream ids, or rows), newest copy of each; and whether
/// changes may have been missed (the listener reconnected), in which case the subscriber re-reads everything.
/// </summary>
public sealed record LiveBatch<T>(IReadOnlyList<T> Items, bool Resync);
