using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Econeura.Portal.Infrastructure;

public static class Telemetry
{
    public const string SourceName = "Econeura";
    public static readonly ActivitySource Source = new(SourceName);
    public static readonly Meter Meter = new(SourceName);

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        // Machine-readable logs wherever a collector reads them; the readable console stays for local development.
        if (!builder.Environment.IsDevelopment())
            builder.Logging.ClearProviders().AddJsonConsole(options => options.IncludeScopes = true);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("econeura-portal"));
        // Spans (one per SQL statement among them) are made and recorded only for a collector: recorded for nobody, they
        // cost the throughput benchmark a third of its executions. Without one the trace context still flows, since it
        // is an execution's correlation id and the traceparent its webhook receives.
        if (exporting)
            otel.WithTracing(tracing => tracing
                .AddSource(SourceName, "Marten")
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/_blazor") && !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        else
            TraceContextOnly.Start();
        // Metrics are measured only for a collector: with none, every measurement was aggregated for nobody.
        if (exporting)
            otel.WithMetrics(metrics => metrics
                    .AddMeter(SourceName, "Marten")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation())
                .UseOtlpExporter();
    }
}

/// <summary>
/// Lets the request, job and outgoing-call activities exist, so trace ids pass from parent to child, without
/// recording any of them. (OpenTelemetry's samplers start no root activity when they drop, which left a launch
/// without a trace to hand to its job.)
/// </summary>
public static class TraceContextOnly
{
    private static readonly Lazy<ActivityListener> Listener = new(() =>
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is Telemetry.SourceName or "Microsoft.AspNetCore" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    });

    public static void Start() => _ = Listener.Value;
}
