using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;

namespace Econeura.Portal.Tests.Operations;

public sealed class TracingTests : IClassFixture<PortalFixture>, IDisposable
{
    private readonly ConcurrentQueue<Activity> _finished = new();
    private readonly PortalFixture _fixture;
    private readonly ActivityListener _listener;

    public TracingTests(PortalFixture fixture)
    {
        _fixture = fixture;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Econeura" or "Microsoft.AspNetCore" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _finished.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task One_trace_runs_from_the_launch_request_through_the_background_job_and_is_the_executions_correlation_id()
    {
        var client = await _fixture.Portal.ClientForAsync(DevelopmentPersonas.Find("ana")!);

        var launched = await (await client.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "KPIs del mes" }))
            .Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json);
        await Eventually.Until(
            () => Task.FromResult(_finished.FirstOrDefault(a => a.OperationName == "execution.dispatch" && Equals(a.GetTagItem("econeura.execution_id"), launched!.Id))),
            span => span is not null, "the dispatch span");

        var dispatch = _finished.First(a => a.OperationName == "execution.dispatch" && Equals(a.GetTagItem("econeura.execution_id"), launched!.Id));
        var request = _finished.First(a => a.Source.Name == "Microsoft.AspNetCore" && a.TraceId == dispatch.TraceId);
        Assert.Equal("Microsoft.AspNetCore.Hosting.HttpRequestIn", request.OperationName);
        var read = await client.GetFromJsonAsync<ExecutionResource>($"/api/v1/executions/{launched!.Id}", PortalFactory.Json);
        Assert.Equal(dispatch.TraceId.ToString(), read!.CorrelationId);
        Assert.Contains(_finished, a => a.Source.Name == "Npgsql" && a.TraceId == dispatch.TraceId);
    }

    public void Dispose() => _listener.Dispose();
}
