using Econeura.Portal.Infrastructure.LiveUpdates;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.LiveUpdates;

/// <summary>
/// Two portal processes on one database: an answer written on one reaches pages on the other as it grows, a page
/// opened late starts from the text so far, a piece longer than a notification can carry arrives whole, and a stop
/// asked on the other process stops the call where it runs.
/// </summary>
public sealed class AnswerRelayAcrossNodesTests : TwoPortalNodes
{
    private static readonly string Tenant = PortalFixture.User("ana").TenantId;

    private static Func<string, Task> Watch(AnswerRelay relay, Guid id, List<IDisposable> subscriptions)
    {
        var latest = "";
        subscriptions.Add(relay.Subscribe(Tenant, id, text =>
        {
            Volatile.Write(ref latest, text);
            return Task.CompletedTask;
        }));
        return expected => Eventually.Until(() => Task.FromResult(Volatile.Read(ref latest)), text => text == expected,
            $"the page to show {expected.Length} characters", timeoutSeconds: 15);
    }

    [Fact]
    public async Task Text_written_on_one_node_grows_on_the_other_and_a_late_page_starts_from_the_text_so_far()
    {
        var relayA = NodeA.Services.GetRequiredService<AnswerRelay>();
        var relayB = NodeB.Services.GetRequiredService<AnswerRelay>();
        await Eventually.Until(() => Task.FromResult(NodeB.Services.GetRequiredService<PostgresChangeListener>().IsListening), on => on, "node B listening");
        var id = Guid.NewGuid();
        var subscriptions = new List<IDisposable>();
        var early = Watch(relayB, id, subscriptions);

        using var writer = relayA.Open(Tenant, id);
        writer.Write("Hola");
        await early("Hola");
        writer.Write(", ¿qué tal?");
        await early("Hola, ¿qué tal?");
        // More than one notification can carry (8,000 bytes): cut in pieces, joined again in order.
        var longPiece = " " + string.Concat(Enumerable.Repeat("ñandú 🦤 ", 2_000));
        writer.Write(longPiece);
        await early("Hola, ¿qué tal?" + longPiece);

        var late = Watch(relayB, id, subscriptions);
        await late("Hola, ¿qué tal?" + longPiece);
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task A_page_on_a_node_that_heard_nothing_yet_gets_the_text_so_far_from_the_node_writing_it()
    {
        var relayA = NodeA.Services.GetRequiredService<AnswerRelay>();
        var relayB = NodeB.Services.GetRequiredService<AnswerRelay>();
        await Eventually.Until(() => Task.FromResult(NodeA.Services.GetRequiredService<PostgresChangeListener>().IsListening), on => on, "node A listening");
        var id = Guid.NewGuid();
        using var writer = relayA.Open(Tenant, id);
        writer.Write("Escrito antes de que nadie mirara");
        var subscriptions = new List<IDisposable>();
        await Watch(relayB, id, subscriptions)("Escrito antes de que nadie mirara");
        subscriptions.ForEach(s => s.Dispose());
        // Node B forgets what it heard, as a node started after the call began would never have heard it.
        relayB.Hear(AnswerNotice.End("another-node", Tenant, id));

        var late = Watch(relayB, id, subscriptions);

        await late("Escrito antes de que nadie mirara");
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task A_stop_asked_on_the_other_node_stops_the_call_where_it_runs_and_says_who()
    {
        var relayA = NodeA.Services.GetRequiredService<AnswerRelay>();
        await Eventually.Until(() => Task.FromResult(NodeA.Services.GetRequiredService<PostgresChangeListener>().IsListening), on => on, "node A listening");
        var id = Guid.NewGuid();
        using var writer = relayA.Open(Tenant, id);
        var stopped = new TaskCompletionSource();
        using var _ = writer.Stopping.Register(stopped.SetResult);

        await NodeB.Services.GetRequiredService<AnswerRelay>().RequestStopAsync(Tenant, id, "Ana García");

        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("Ana García", writer.StoppedBy);
    }
}
