using JasperFx.Events.Projections;
using Marten.Events.Aggregation;

namespace Econeura.Portal.Infrastructure;

public static class EventStreams
{
    /// <summary>
    /// One kind of event stream: the events it holds and the read model each commit keeps up to date (inline, in the same
    /// transaction). Decisions fold the domain state from the events themselves when they act (<see cref="StreamDecisions"/>),
    /// so there is no stored snapshot to drift from them. Returns the read model's mapping, for its indexes.
    /// </summary>
    public static MartenRegistry.DocumentMappingExpression<TView> AddEventStream<TView>(
        this StoreOptions options, IEnumerable<Type> eventTypes, SingleStreamProjection<TView, Guid> view)
        where TView : notnull
    {
        options.Events.AddEventTypes(eventTypes);
        options.Projections.Add(view, ProjectionLifecycle.Inline);
        return options.Schema.For<TView>();
    }
}
