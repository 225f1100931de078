using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Econeura.Portal.Infrastructure;

public static class Operations
{
    public static void AddOperations(this WebApplicationBuilder builder) => builder.Services.AddOpenApi();

    public static void MapOperations(this WebApplication app)
    {
        // Probes run without a user: liveness says the process answers, readiness that the database does too.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        // The API description is public so tools can read it; every operation it lists still requires a token.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapJobDashboard();
    }
}
