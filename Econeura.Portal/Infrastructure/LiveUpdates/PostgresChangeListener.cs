using Econeura.Portal.Infrastructure.Settings;
using Npgsql;

namespace Econeura.Portal.Infrastructure.LiveUpdates;

/// <summary>
/// Holds one LISTEN connection per process and hands each notification to the <see cref="StreamChangeNotifier"/>, or, for
/// answers being written, to the <see cref="AnswerRelay"/>.
/// </summary>
public sealed partial class PostgresChangeListener(
    IConfiguration configuration,
    StreamChangeNotifier notifier,
    AnswerRelay answers,
    SettingsCache settings,
    DatabaseOutage outage,
    ILogger<PostgresChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);
    private volatile bool _listening;

    /// <summary>Whether notifications are heard now; while not, open pages miss changes made elsewhere (readiness says so).</summary>
    public bool IsListening => _listening;

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
                // Once per loss, not once per attempt: a database that stays down for minutes is one event.
                // Requests and readiness probes judge whether the database is down; this loop only says when it answers again.
                if (_listening || !reconnecting) LogListenerLost(exception.Message, ReconnectDelay.TotalSeconds);
                _listening = false;
                settings.DeafToOthers();
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
            if (notification.Channel == AnswerRelay.Channel)
                answers.Hear(notification.Payload);
            else if (StreamChange.TryParse(notification.Payload, out var tenantId, out var streamId))
                notifier.Publish(tenantId, streamId);
            else if (SettingsChangedNotice.TryParse(notification.Payload, out var changedTenant))
                settings.Forget(changedTenant);
        };
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {NotifyStreamChanges.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {AnswerRelay.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        LogListening(NotifyStreamChanges.Channel);
        _listening = true;
        settings.HearingEverywhere();
        outage.Recovered();
        // Whatever was committed while the connection was down was not heard: every open page re-reads.
        if (reconnecting) notifier.ResyncEveryone();
        while (!stoppingToken.IsCancellationRequested)
            await connection.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for stream changes on channel {Channel}")]
    private partial void LogListening(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the change listener connection ({Reason}); retrying every {Seconds} s")]
    private partial void LogListenerLost(string reason, double seconds);
}
