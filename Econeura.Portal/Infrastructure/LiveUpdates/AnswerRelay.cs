using Npgsql;

namespace Econeura.Portal.Infrastructure.LiveUpdates;

/// <summary>
/// Answers as they are written, from the process making the call (<see cref="Open"/>) to every page showing it
/// (<see cref="Subscribe"/>): on the same process at once, on the others through PostgreSQL NOTIFY on
/// <see cref="Channel"/>, with pieces written within <see cref="CoalesceFor"/> sent together. Each process keeps the
/// text so far of every answer it hears of, in memory only, so a page opened late starts from it; a process that missed
/// a piece asks the caller's process to send the text again. Nothing partial is written to the database. Stopping a call
/// (<see cref="RequestStopAsync"/>) travels the same way to the process making it.
/// </summary>
public sealed partial class AnswerRelay(ThisNode node, NpgsqlDataSource database, TimeProvider time, ILogger<AnswerRelay> logger)
{
    public const string Channel = "econeura_answer";

    public static readonly TimeSpan CoalesceFor = TimeSpan.FromMilliseconds(5);

    /// <summary>An answer nobody wrote to for this long has lost its caller (its process stopped): it is forgotten.</summary>
    private static readonly TimeSpan ForgottenAfter = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, Guid Execution), Answer> _answers = [];

    /// <summary>The answer of one call made by this process: what the agent writes goes to <see cref="AnswerWriter.Write"/>.</summary>
    public AnswerWriter Open(string tenantId, Guid executionId)
    {
        var writer = new AnswerWriter(this, tenantId, executionId);
        lock (_gate)
        {
            var answer = AnswerOf(tenantId, executionId);
            answer.Reset();
            answer.Writer = writer;
        }
        return writer;
    }

    /// <summary>
    /// Calls <paramref name="onText"/> with the whole text so far each time it grows (the latest only, when the page is
    /// slower than the agent), starting with what was written before. The caller must have checked that the reader may see
    /// the execution.
    /// </summary>
    public IDisposable Subscribe(string tenantId, Guid executionId, Func<string, Task> onText)
    {
        var subscriptionId = Guid.NewGuid();
        var coalescer = new Coalescer<int, string>(_ => 0, batch => onText(batch.Items[^1]), LogSubscriberFailed);
        string text;
        lock (_gate)
        {
            var answer = AnswerOf(tenantId, executionId);
            answer.Subscribers[subscriptionId] = coalescer;
            text = answer.Text.ToString();
        }
        if (text.Length > 0) coalescer.Post([text]);
        // Written elsewhere before this process heard of it: the caller's process sends it again.
        else _ = SendAsync(AnswerNotice.CatchUp(node.Id, tenantId, executionId));
        return new Subscription(() =>
        {
            lock (_gate)
                if (_answers.TryGetValue((tenantId, executionId), out var answer))
                {
                    answer.Subscribers.Remove(subscriptionId);
                    if (answer.IsIdle) _answers.Remove((tenantId, executionId));
                }
        });
    }

    /// <summary>Stops the call, on whichever process makes it; <paramref name="stoppedBy"/> is recorded as who stopped it.</summary>
    public Task RequestStopAsync(string tenantId, Guid executionId, string stoppedBy)
    {
        AnswerWriter? local;
        lock (_gate) local = _answers.GetValueOrDefault((tenantId, executionId))?.Writer;
        if (local is null) return SendAsync(AnswerNotice.Stop(node.Id, tenantId, executionId, stoppedBy));
        local.Stop(stoppedBy);
        return Task.CompletedTask;
    }

    /// <summary>A notification on <see cref="Channel"/>, from this process or another.</summary>
    public void Hear(string payload)
    {
        if (!AnswerNotice.TryParse(payload, out var notice) || notice.Node == node.Id) return;
        Forget(time.GetUtcNow() - ForgottenAfter);
        var key = (notice.TenantId, notice.ExecutionId);
        switch (notice.Kind)
        {
            case AnswerNoticeKind.Text:
                Received(key, notice.Offset, notice.Text);
                break;
            case AnswerNoticeKind.CatchUp:
                AnswerWriter? writer;
                lock (_gate) writer = _answers.GetValueOrDefault(key)?.Writer;
                writer?.SendAll();
                break;
            case AnswerNoticeKind.Stop:
                lock (_gate) writer = _answers.GetValueOrDefault(key)?.Writer;
                writer?.Stop(notice.Text);
                break;
            case AnswerNoticeKind.End:
                lock (_gate)
                    if (_answers.TryGetValue(key, out var ended) && ended.Writer is null)
                    {
                        ended.Reset();
                        if (ended.IsIdle) _answers.Remove(key);
                    }
                break;
        }
    }

    private void Received((string Tenant, Guid Execution) key, int offset, string piece)
    {
        string? text;
        bool gap;
        Coalescer<int, string>[] subscribers;
        lock (_gate)
        {
            var answer = AnswerOf(key.Tenant, key.Execution);
            if (answer.Writer is not null) return;
            gap = offset > answer.Text.Length;
            text = answer.Append(offset, piece, time.GetUtcNow()) ? answer.Text.ToString() : null;
            subscribers = [.. answer.Subscribers.Values];
        }
        if (gap) _ = SendAsync(AnswerNotice.CatchUp(node.Id, key.Tenant, key.Execution));
        if (text is null) return;
        foreach (var subscriber in subscribers) subscriber.Post([text]);
    }

    /// <summary>The writer's piece, told to this process's pages at once.</summary>
    private void Written(AnswerWriter writer, string piece)
    {
        string text;
        Coalescer<int, string>[] subscribers;
        lock (_gate)
        {
            var answer = AnswerOf(writer.TenantId, writer.ExecutionId);
            answer.Append(answer.Text.Length, piece, time.GetUtcNow());
            text = answer.Text.ToString();
            subscribers = [.. answer.Subscribers.Values];
        }
        foreach (var subscriber in subscribers) subscriber.Post([text]);
    }

    private string TextOf(AnswerWriter writer)
    {
        lock (_gate) return _answers.GetValueOrDefault((writer.TenantId, writer.ExecutionId))?.Text.ToString() ?? "";
    }

    private void Closed(AnswerWriter writer)
    {
        lock (_gate)
            if (_answers.TryGetValue((writer.TenantId, writer.ExecutionId), out var answer) && answer.Writer == writer)
            {
                answer.Writer = null;
                answer.Reset();
                if (answer.IsIdle) _answers.Remove((writer.TenantId, writer.ExecutionId));
            }
        _ = SendAsync(AnswerNotice.End(node.Id, writer.TenantId, writer.ExecutionId));
    }

    private Answer AnswerOf(string tenantId, Guid executionId)
    {
        if (!_answers.TryGetValue((tenantId, executionId), out var answer)) _answers[(tenantId, executionId)] = answer = new Answer(time.GetUtcNow());
        return answer;
    }

    private void Forget(DateTimeOffset writtenBefore)
    {
        lock (_gate)
            foreach (var (key, answer) in _answers.Where(a => a.Value.Writer is null && a.Value.LastWrittenAt < writtenBefore).ToList())
            {
                answer.Reset();
                if (answer.IsIdle) _answers.Remove(key);
            }
    }

    /// <summary>Best effort: a page that misses a piece asks again, and the recorded answer replaces the streamed one anyway.</summary>
    private async Task SendAsync(IEnumerable<string> payloads)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync();
            foreach (var payload in payloads)
            {
                await using var notify = new NpgsqlCommand("select pg_notify($1, $2)", connection)
                {
                    Parameters = { new NpgsqlParameter { Value = Channel }, new NpgsqlParameter { Value = payload } },
                };
                await notify.ExecuteNonQueryAsync();
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            LogSendFailed(exception.Message);
        }
    }

    private Task SendAsync(string payload) => SendAsync([payload]);

    private string NodeId => node.Id;

    private TimeProvider Clock => time;

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live answer subscriber failed")]
    private partial void LogSubscriberFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not relay a live answer to the other processes ({Reason})")]
    private partial void LogSendFailed(string reason);

    /// <summary>One answer as this process knows it.</summary>
    private sealed class Answer(DateTimeOffset createdAt)
    {
        public System.Text.StringBuilder Text { get; } = new();

        public Dictionary<Guid, Coalescer<int, string>> Subscribers { get; } = [];

        /// <summary>Set on the process making the call.</summary>
        public AnswerWriter? Writer { get; set; }

        public DateTimeOffset LastWrittenAt { get; private set; } = createdAt;

        public bool IsIdle => Subscribers.Count == 0 && Writer is null && Text.Length == 0;

        /// <summary>Adds what lies past the text so far; false when the piece brought nothing new or lies past a gap.</summary>
        public bool Append(int offset, string piece, DateTimeOffset now)
        {
            LastWrittenAt = now;
            if (offset > Text.Length || offset + piece.Length <= Text.Length) return false;
            Text.Append(piece, Text.Length - offset, piece.Length - (Text.Length - offset));
            return true;
        }

        public void Reset() => Text.Clear();
    }

    /// <summary>
    /// The call's end of the relay: pieces are told to this process's pages at once and to the others a few milliseconds
    /// later, together. Disposing it (once the outcome is recorded) tells every process to forget the text.
    /// </summary>
    public sealed class AnswerWriter : IDisposable
    {
        private readonly AnswerRelay _relay;
        private readonly CancellationTokenSource _stop = new();
        private readonly SemaphoreSlim _sending = new(1, 1);
        private int _sent;
        private int _flushScheduled;

        internal AnswerWriter(AnswerRelay relay, string tenantId, Guid executionId) => (_relay, TenantId, ExecutionId) = (relay, tenantId, executionId);

        public string TenantId { get; }

        public Guid ExecutionId { get; }

        /// <summary>Cancelled when someone stops the call.</summary>
        public CancellationToken Stopping => _stop.Token;

        /// <summary>Who stopped the call, once someone did.</summary>
        public string? StoppedBy { get; private set; }

        /// <summary>The whole text written so far.</summary>
        public string Text => _relay.TextOf(this);

        public void Write(string piece)
        {
            if (piece.Length == 0) return;
            _relay.Written(this, piece);
            if (Interlocked.Exchange(ref _flushScheduled, 1) == 0) _ = FlushSoonAsync();
        }

        internal void Stop(string stoppedBy)
        {
            StoppedBy ??= stoppedBy;
            _stop.Cancel();
        }

        /// <summary>Someone missed a piece: the whole text again, from the start.</summary>
        internal void SendAll() => _ = SendFromAsync(0);

        private async Task FlushSoonAsync()
        {
            await Task.Delay(CoalesceFor, _relay.Clock);
            Volatile.Write(ref _flushScheduled, 0);
            await SendFromAsync(null);
        }

        private async Task SendFromAsync(int? from)
        {
            await _sending.WaitAsync();
            try
            {
                var text = Text;
                var start = from ?? _sent;
                if (text.Length <= start) return;
                await _relay.SendAsync(AnswerNotice.Pieces(_relay.NodeId, TenantId, ExecutionId, start, text[start..]));
                _sent = Math.Max(_sent, text.Length);
            }
            finally
            {
                _sending.Release();
            }
        }

        // The stop source is not disposed: a stop heard just after the call ended may still cancel it, harmlessly.
        public void Dispose() => _relay.Closed(this);
    }
}
