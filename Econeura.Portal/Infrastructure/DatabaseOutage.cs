using System.Diagnostics;
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
public sealed partial class DatabaseOutage(
    IOptions<DatabaseOutageOptions> options, NpgsqlDataSource database, TimeProvider time, ILogger<DatabaseOutage> logger)
{
    /// <summary>What a client is told to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan TryAgainEvery = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private DateTimeOffset? _endedAt;

    public bool IsOngoing
    {
        get { lock (_gate) return _since is not null; }
    }

    /// <summary>Whether an outage is under way or ended less than <paramref name="span"/> ago.</summary>
    public bool SeenWithin(TimeSpan span)
    {
        lock (_gate) return _since is not null || _endedAt is { } ended && time.GetUtcNow() - ended < span;
    }

    /// <summary>
    /// True for failures that say the database cannot be reached now (a refused or broken connection, a server shutting
    /// down), at any depth of wrapping. Only PostgreSQL's driver speaks for the database: a socket error of anything else
    /// (Entra's metadata endpoint, an agent's webhook) is that service's failure, not a database outage.
    /// </summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnreachable),
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
                                      || postgres.SqlState is "57P01" or "57P02" or "57P03"
                                          or "53300", // shutting down, cannot connect now, too many connections
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: SocketException } => true,
        _ => exception.InnerException is { } inner && IsUnreachable(inner),
    };

    /// <summary>
    /// Opens a connection for the job storage, waiting out a short outage. Hangfire's workers back off further after
    /// each failed fetch (10 s and more after a 10-second outage); a fetch that waits here goes on within a quarter of a
    /// second of the database's return. Hangfire's storage asks for connections synchronously, so this wait holds its
    /// thread; it ends at once when <paramref name="stopping"/> is cancelled (the process is shutting down).
    /// </summary>
    public static void OpenWhenReachable(NpgsqlConnection connection, CancellationToken stopping)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                connection.Open();
                return;
            }
            catch (Exception exception) when (IsUnreachable(exception) && waiting.Elapsed < DatabaseOutageOptions.DefaultLongestWait)
            {
                if (stopping.WaitHandle.WaitOne(TryAgainEvery)) throw;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/>, and again while it fails only because the database cannot be reached, for up to
    /// <see cref="DatabaseOutageOptions.LongestWait"/>: a short outage then costs a job neither one of its retries nor their back-off.
    /// The work must be safe to run twice (reads, and appends that expect a stream version).
    /// </summary>
    public async Task<T> WhenReachableAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var waiting = time.GetTimestamp();
        var failed = false;
        while (true)
        {
            try
            {
                var result = await work();
                if (failed) Recovered();
                return result;
            }
            catch (Exception exception) when (IsUnreachable(exception) && time.GetElapsedTime(waiting) < options.Value.LongestWait)
            {
                failed = true;
                Report(exception);
                await Task.Delay(TryAgainEvery, time, cancellationToken);
            }
            catch (Exception exception) when (IsBrokenConnection(exception) && time.GetElapsedTime(waiting) < options.Value.LongestWait)
            {
                // A command on a pooled connection that a cut broke can fail inside the driver instead of as a connection
                // error, as the first sign of an outage or right after it: a fresh connection does the work, or meets the
                // outage as a connection error.
                LogBrokenConnection(exception.GetType().Name, Innermost(exception).Message);
                database.Clear();
                await Task.Delay(TryAgainEvery, time, cancellationToken);
            }
        }
    }

    public Task WhenReachableAsync(Func<Task> work, CancellationToken cancellationToken) =>
        WhenReachableAsync(async () =>
        {
            await work();
            return true;
        }, cancellationToken);

    /// <summary>
    /// The driver's own failure, not the server's answer (seen with auto-prepared statements on a connection that lived
    /// through a cut). What the server said (a <see cref="PostgresException"/>: a constraint, a conflict) is never this.
    /// </summary>
    private static bool IsBrokenConnection(Exception exception) => exception switch
    {
        PostgresException => false,
        NullReferenceException { Source: "Npgsql" } or NpgsqlException => true,
        _ => exception.InnerException is { } inner && IsBrokenConnection(inner),
    };

    public void Report(Exception exception)
    {
        lock (_gate)
        {
            if (_since is not null) return;
            _since = time.GetUtcNow();
        }
        // The pool's connections died with the server. Used after it returns, an auto-prepared one was seen to fail inside
        // Npgsql (a NullReferenceException, not a connection error) and a saved reply was lost; dropping them all makes
        // the first command after the outage open a fresh connection.
        database.Clear();
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
            _endedAt = time.GetUtcNow();
        }
        LogOutageEnded((time.GetUtcNow() - since).TotalSeconds);
    }

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PostgreSQL cannot be reached ({Reason}); requests that need it answer 503 with Retry-After {Seconds} s until it is back")]
    private partial void LogOutageStarted(string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A database command failed inside the driver ({Type}: {Reason}); trying again on a fresh connection")]
    private partial void LogBrokenConnection(string type, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL is reachable again after {Seconds:0.0} s")]
    private partial void LogOutageEnded(double seconds);
}

public sealed class DatabaseOutageOptions
{
    /// <summary>About as long as one attempt to connect may take anyway.</summary>
    public static readonly TimeSpan DefaultLongestWait = TimeSpan.FromSeconds(15);

    /// <summary>How long background work waits for the database to come back before it gives up.</summary>
    public TimeSpan LongestWait { get; set; } = DefaultLongestWait;
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
                        // A commit whose acknowledgement the outage swallowed may have been saved: only a key makes the retry safe.
                        Detail = $"The database cannot be reached; retry in {DatabaseOutage.RetryAfter.TotalSeconds} seconds. A write cut off " +
                                 "mid-way may have been saved: a launch sent again with the same Idempotency-Key is never made twice.",
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
