namespace Econeura.Portal.Features.Dispatch;

/// <summary>
/// The one owner of getting ready work to a worker, on every node: it relays <see cref="DispatchQueue"/> (the outbox
/// that commits fill) to Hangfire as workers come free, taking turns between tenants, and makes ready again what a
/// lost process held. It is the only caller of the dispatch job. Woken by this node's commits (<see cref="DispatchSignal"/>:
/// work made ready, a call ended and its worker freed), and every <see cref="Interval"/> for retries that come due and
/// for commits made on other nodes.
/// </summary>
public sealed partial class Dispatcher(
    DispatchQueue queue,
    DispatchSignal signal,
    PortalNodes nodes,
    IBackgroundJobClient jobs,
    DatabaseOutage outage,
    TimeProvider time,
    ILogger<Dispatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How often lost work is looked for: a stopped node is noticed after <see cref="PortalNodes.SilentFor"/> anyway.</summary>
    public static readonly TimeSpan ResumeInterval = TimeSpan.FromSeconds(5);

    private const int MostPerRound = 200;
    private const int EnqueuesAtOnce = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastResumed = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() - lastResumed >= ResumeInterval)
                {
                    await ResumeLostAsync(stoppingToken);
                    lastResumed = time.GetUtcNow();
                }
                await HandOutAsync(stoppingToken);
            }
            catch (Exception exception) when (DatabaseOutage.IsUnreachable(exception))
            {
                outage.Report(exception);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(exception);
            }
            try
            {
                await signal.WaitAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Hands out what is due now to the workers that are free, taking turns between tenants.</summary>
    public async Task HandOutAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<HandedWork> handed;
        do
        {
            var workers = (await nodes.RosterAsync(cancellationToken)).Workers;
            // A row marked handed whose job never reaches Hangfire (this process stopped in between) is handed again
            // after DispatchQueue.HandoffTimeout.
            handed = await queue.HandOutAsync(workers, MostPerRound, cancellationToken);
            // Each enqueue is a few round trips to the database: one after the other, they alone held a busy node to
            // fewer calls per second than its workers could make.
            await Parallel.ForEachAsync(handed, new ParallelOptions { MaxDegreeOfParallelism = EnqueuesAtOnce, CancellationToken = cancellationToken },
                (work, _) =>
                {
                    jobs.Enqueue<IDispatchWorker>(worker => worker.RunAsync(work.TenantId, work.ExecutionId, work.TraceParent, null, CancellationToken.None));
                    return ValueTask.CompletedTask;
                });
        }
        while (handed.Count == MostPerRound);
    }

    /// <summary>Makes ready again the work that processes which stopped were holding.</summary>
    public async Task ResumeLostAsync(CancellationToken cancellationToken)
    {
        var resumed = await queue.ResumeLostAsync((await nodes.RosterAsync(cancellationToken)).Alive, cancellationToken);
        if (resumed > 0) LogResumed(resumed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} executions held by a process that stopped (or past their lease) are ready again")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handing out ready work failed; the next round tries again")]
    private partial void LogRoundFailed(Exception exception);
}
