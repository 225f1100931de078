using JasperFx.Events.Projections;
using Marten.Events.Aggregation;

namespace Econeura.Portal.Infrastructure;

public static class EventStreams
{
    /// <summary>
    /// One kind of event stream: the events it holds, the read model each commit keeps up to date (inline, in the same
    /// transaction) and the aggregate that decisions fold from the events when they act (live, never stored). Returns
    /// the read model's mapping, for its indexes.
    /// </summary>
    public static MartenRegistry.DocumentMappingExpression<TView> AddEventStream<TView, TAggregate>(
        this StoreOptions options, IEnumerable<Type> eventTypes, SingleStreamProjection<TView, Guid> view, SingleStreamProjection<TAggregate, Guid> aggregate)
        where TView : notnull
        where TAggregate : notnull
    {
        options.Events.AddEventTypes(eventTypes);
        options.Projections.Add(view, ProjectionLifecycle.Inline);
        options.Projections.Add(aggregate, ProjectionLifecycle.Live);
        return options.Schema.For<TView>();
    }
}
