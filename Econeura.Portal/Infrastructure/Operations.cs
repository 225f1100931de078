using Scalar.AspNetCore;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.OpenApi;

namespace Econeura.Portal.Infrastructure;

public static class Operations
{
    public static void AddOperations(this WebApplicationBuilder builder)
    {
        // Probes come every few seconds and each result is in the probe's answer; an outage is logged once, by DatabaseOutage.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Econeura API";
            // Not a list of the groups, which grow: the tags below are that list.
            document.Info.Description = "The portal's API, one tag per feature. Every operation needs a bearer token: an Entra access token, " +
                                        "or in Development one from POST /api/dev/token.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
    }

    public static void MapOperations(this WebApplication app)
    {
        // Probes run without a user: liveness says the process answers, readiness that it can do its work (see Readiness).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Readiness.Tag),
            ResponseWriter = Readiness.WriteAsync,
        }).AllowAnonymous();
        // The API description is public so tools can read it; every operation it lists still requires a token.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        // A browsable reference of that description, for developers; in Development only (it needs an inline script).
        if (app.Environment.IsDevelopment())
            app.MapScalarApiReference(WebHardening.ApiReferencePath, options
                => options.WithTitle("Econeura API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapJobDashboard();
    }
}
