using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Econeura.Testing;

/// <summary>A mail as the test SMTP server received it.</summary>
public sealed record ReceivedMail(string To, string Subject, string Text, string Html, string MessageId, DateTimeOffset At);

/// <summary>
/// A real SMTP server (the SmtpServer library) on 127.0.0.1 in the test process: the portal's MailKit client speaks
/// SMTP to it as to any mail server, and every mail it accepts is kept, parsed with MimeKit.
/// </summary>
public sealed class SmtpCatcher : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    public int Port { get; }

    private SmtpCatcher(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(CancellationToken.None);
    }

    public static async Task<SmtpCatcher> StartAsync()
    {
        var catcher = new SmtpCatcher(FreePort());
        // Listening once a client can connect.
        for (var tries = 0; ; tries++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, catcher.Port);
                return catcher;
            }
            catch (SocketException) when (tries < 50)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>The mails to <paramref name="address"/>.</summary>
    public IReadOnlyList<ReceivedMail> To(string address) => Received.Where(m => m.To.Equals(address, StringComparison.OrdinalIgnoreCase)).ToList();

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _running.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
    }

    private sealed class Store(SmtpCatcher catcher) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, cancellationToken);
            foreach (var to in transaction.To)
                catcher.Received.Enqueue(new ReceivedMail($"{to.User}@{to.Host}", message.Subject ?? "", message.TextBody ?? "", message.HtmlBody ?? "",
                    message.MessageId ?? "", DateTimeOffset.UtcNow));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
