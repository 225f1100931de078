using Npgsql;

namespace Econeura.Portal.Infrastructure.LiveUpdates;

/// <summary>Holds one LISTEN connection per process and hands each notification to the <see cref="StreamChangeNotifier"/>.</summary>
public sealed partial class PostgresChangeListener(
    IConfiguration configuration,
    StreamChangeNotifier notifier,
    ILogger<PostgresChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconnecting = false;
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.EconeuraConnectionString())
        {
            // The listening connection lives for the whole process; it must not go back to a pool.
            Pooling = false,
            KeepAlive = 30,
        }.ConnectionString;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(connectionString, reconnecting, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogListenerLost(exception, ReconnectDelay.TotalSeconds);
                reconnecting = true;
                await Task.Delay(ReconnectDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(string connectionString, bool reconnecting, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += (_, notification) =>
        {
            if (StreamChange.TryParse(notification.Payload, out var tenantId, out var streamId))
                notifier.Publish(tenantId, streamId);
        };
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {NotifyStreamChanges.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        LogListening(NotifyStreamChanges.Channel);
        // Whatever was committed while the connection was down was not heard: every open page re-reads.
        if (reconnecting) notifier.ResyncEveryone();
        while (!stoppingToken.IsCancellationRequested)
            await connection.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for stream changes on channel {Channel}")]
    private partial void LogListening(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the change listener connection; reconnecting in {Seconds} s")]
    private partial void LogListenerLost(Exception exception, double seconds);
}
