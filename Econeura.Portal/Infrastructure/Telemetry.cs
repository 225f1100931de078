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
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("econeura-portal"))
            .WithTracing(tracing => tracing
                .AddSource(SourceName, "Marten")
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/_blazor") && !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(SourceName, "Marten")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();
    }
}
