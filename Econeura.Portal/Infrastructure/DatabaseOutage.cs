using System.Net.Sockets;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Econeura.Portal.Infrastructure;

/// <summary>
/// Whether PostgreSQL can be reached, as requests and the change listener find out. An outage is logged once when it
/// starts and once when it ends, not as a stack trace per request; meanwhile requests that needed the database answer
/// 503 with Retry-After.
/// </summary>
public sealed partial class DatabaseOutage(TimeProvider time, ILogger<DatabaseOutage> logger)
{
    /// <summary>What a client is told to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private DateTimeOffset? _since;

    public bool IsOngoing
    {
        get { lock (_gate) return _since is not null; }
    }

    /// <summary>True for failures that say the database cannot be reached now (a refused or broken connection, a server shutting down), at any depth of wrapping.</summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnreachable),
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
                                      || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300", // shutting down, cannot connect now, too many connections
        NpgsqlException { IsTransient: true } => true,
        SocketException => true,
        _ => exception.InnerException is { } inner && IsUnreachable(inner),
    };

    public void Report(Exception exception)
    {
        lock (_gate)
        {
            if (_since is not null) return;
            _since = time.GetUtcNow();
        }
        LogOutageStarted(Innermost(exception).Message, RetryAfter.TotalSeconds);
    }

    public void Recovered()
    {
        DateTimeOffset since;
        lock (_gate)
        {
            if (_since is not { } started) return;
            since = started;
            _since = null;
        }
        LogOutageEnded((time.GetUtcNow() - since).TotalSeconds);
    }

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL cannot be reached ({Reason}); requests that need it answer 503 with Retry-After {Seconds} s until it is back")]
    private partial void LogOutageStarted(string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL is reachable again after {Seconds:0.0} s")]
    private partial void LogOutageEnded(double seconds);
}

/// <summary>
/// Answers a request that failed because the database is unreachable: 503 with Retry-After, a problem document under
/// <c>/api</c> and a calm page that retries by itself elsewhere; no internals in any environment.
/// </summary>
public sealed class DatabaseOutageMiddleware(RequestDelegate next, DatabaseOutage outage)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems, IStringLocalizer<Strings> strings)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (DatabaseOutage.IsUnreachable(exception) && !context.Response.HasStarted)
        {
            outage.Report(exception);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ((int)DatabaseOutage.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Api.IsApiRequest(context))
            {
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Title = "The service is temporarily unavailable",
                        Detail = $"The database cannot be reached. Nothing was saved; retry in {DatabaseOutage.RetryAfter.TotalSeconds} seconds.",
                    },
                });
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            var title = System.Net.WebUtility.HtmlEncode(strings["Unavailable_Title"]);
            var body = System.Net.WebUtility.HtmlEncode(strings["Unavailable_Body"]);
            var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
            // A meta refresh retries without script, which the Content-Security-Policy would not allow inline.
            await context.Response.WriteAsync($"""
                <!DOCTYPE html>
                <html lang="{language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="refresh" content="{(int)DatabaseOutage.RetryAfter.TotalSeconds}"><title>{title}</title></head>
                <body><main><h1>{title}</h1><p role="status">{body}</p></main></body></html>
                """);
        }
    }
}
