namespace Econeura.Portal.Infrastructure;

/// <summary>
/// Work every node does at once when it starts and then every <paramref name="interval"/>. An unreachable database is
/// reported to <see cref="DatabaseOutage"/> (which logs the outage once) rather than as a warning per round; any other
/// failure is logged and the next round comes as usual.
/// </summary>
public abstract partial class PeriodicWork(TimeSpan interval, DatabaseOutage outage, TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (DatabaseOutage.IsUnreachable(exception))
            {
                outage.Report(exception);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, GetType().Name, exception);
            }
        }
        while (!stoppingToken.IsCancellationRequested && await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Work} failed; it runs again at its next round")]
    private static partial void LogRoundFailed(ILogger logger, string work, Exception exception);
}
