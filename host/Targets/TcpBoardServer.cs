using Edge.Core.Protocol;
using System.Net;
using System.Net.Sockets;
using Edge.Host.Transport;

namespace Edge.Host.Targets;

/// <summary>
/// Serves one board's firmware over TCP (<c>edge board run --listen</c>): one client at a time, the board's state
/// kept across clients like a real board that stays powered. Each connection gets its own
/// <see cref="ConnectionGate"/> (a fresh frame reader; with a key, nothing but HELLO before the client proves it);
/// a client that sends nothing for the idle timeout is closed; a client that connects while another is served gets
/// an immediate ERROR BUSY (sequence 0) and is closed. Stops on cancellation (Ctrl+C) or when the board dies,
/// closing the connection and the listener.
/// </summary>
public sealed class TcpBoardServer : IDisposable
{
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(30);
    /// <summary>How long a new client waits for the current one, just gone, to be noticed before it is told BUSY.</summary>
    private static readonly TimeSpan LeavingGrace = TimeSpan.FromMilliseconds(250);

    private readonly Socket _listener;
    private readonly IFirmwareEndpoint _endpoint;
    private readonly Func<bool> _isAlive;
    private readonly Action<string> _log;
    private readonly BoardKey? _key;
    private readonly TimeSpan _idleTimeout;
    private int _disposed;

    /// <summary>Binds and listens at once, so <see cref="LocalEndPoint"/> is known (port 0 picks a free port).</summary>
    /// <param name="key">Clients must prove this key (AUTH) before anything but HELLO; null serves everyone.</param>
    /// <param name="idleTimeout">How long a silent client keeps the board (default <see cref="DefaultIdleTimeout"/>).</param>
    /// <exception cref="TransportException">The address is in use or cannot be bound (one line naming it).</exception>
    public TcpBoardServer(IPEndPoint listen, IFirmwareEndpoint endpoint, Func<bool> isAlive, Action<string>? log = null,
                          BoardKey? key = null, TimeSpan? idleTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _isAlive = isAlive ?? throw new ArgumentNullException(nameof(isAlive));
        _log = log ?? (_ => { });
        _key = key;
        _idleTimeout = idleTimeout ?? DefaultIdleTimeout;
        _listener = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(listen);
            _listener.Listen(4);
        }
        catch (SocketException e)
        {
            _listener.Dispose();
            string why = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "address already in use (another `edge board run`?)",
                SocketError.AddressNotAvailable => "no such local address",
                SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
                _ => e.Message,
            };
            throw new TransportException($"cannot listen on {listen}: {why}", e);
        }
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>"tcp://127.0.0.1:5555": what clients pass as their target.</summary>
    public string Address => "tcp://" + LocalEndPoint;

    /// <summary>Accepts and serves clients until cancelled (<see cref="ServeOutcome.Cancelled"/>) or the board dies (<see cref="ServeOutcome.EndOfLife"/>).</summary>
    public ServeOutcome Run(CancellationToken cancellation)
    {
        Task<ServeOutcome>? serving = null;
        Task<Socket>? accepting = null;
        try
        {
            while (true)
            {
                if (serving is { IsCompleted: true })
                {
                    ServeOutcome outcome = serving.Result;
                    serving = null;
                    if (outcome is ServeOutcome.EndOfLife or ServeOutcome.Cancelled) return outcome;
                }
                if (serving == null && !_isAlive()) return ServeOutcome.EndOfLife;
                accepting ??= _listener.AcceptAsync(cancellation).AsTask();
                Task.WaitAny(serving == null ? [accepting] : [accepting, serving]);
                if (!accepting.IsCompleted) continue;
                Socket client;
                try
                {
                    client = accepting.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    // the client's loop sees the token too; a board that died meanwhile still says so
                    return serving?.GetAwaiter().GetResult() == ServeOutcome.EndOfLife ? ServeOutcome.EndOfLife : ServeOutcome.Cancelled;
                }
                finally
                {
                    accepting = null;
                }
                // A client that just left may not be noticed yet when the next one arrives: give it a moment.
                if (serving != null && serving.Wait(LeavingGrace))
                {
                    ServeOutcome previous = serving.Result;
                    serving = null;
                    if (previous is ServeOutcome.EndOfLife or ServeOutcome.Cancelled)
                    {
                        client.Dispose();
                        return previous;
                    }
                }
                if (serving == null) serving = Task.Factory.StartNew(() => Serve(client, cancellation), TaskCreationOptions.LongRunning);
                else Refuse(client);
            }
        }
        finally
        {
            // Clients still waiting in the backlog are refused once the listener closes.
            Dispose();
        }
    }

    /// <summary>Serves one client through its own gate until it leaves, idles, fails AUTH, or the server stops.</summary>
    private ServeOutcome Serve(Socket client, CancellationToken cancellation)
    {
        string peer = client.RemoteEndPoint?.ToString() ?? "?";
        ServeOutcome outcome;
        using (var transport = new TcpTransport(client, "tcp://" + peer))
        {
            _log($"client {peer} connected");
            var gate = new ConnectionGate(_endpoint, _key, line => _log($"client {peer} {line}"));
            outcome = EndpointServer.Serve(transport, gate, _isAlive, cancellation, _idleTimeout, () => gate.HangUp);
        }
        _log(outcome switch
        {
            ServeOutcome.PeerClosed => $"client {peer} left",
            ServeOutcome.IdleTimeout => $"client {peer} sent nothing for {_idleTimeout.TotalSeconds:0.#} s; closed",
            ServeOutcome.HungUp => $"closed {peer}",
            ServeOutcome.EndOfLife => $"board reached end of life; closed {peer}",
            _ => $"stopping; closed {peer}",
        });
        return outcome;
    }

    /// <summary>A second client: told at once that the board is busy (ERROR BUSY, sequence 0), then closed.</summary>
    private void Refuse(Socket client)
    {
        string peer = client.RemoteEndPoint?.ToString() ?? "?";
        using var transport = new TcpTransport(client, "tcp://" + peer);
        try
        {
            transport.Write(Busy, 0, Busy.Length);
        }
        catch (TransportClosedException) { }
        _log($"client {peer} refused: busy with another client");
    }

    private static readonly byte[] Busy = ConnectionGate.ErrorFrame(0, Core.Protocol.ErrorCode.Busy,
        "the board is serving another client; try again when it is done");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _listener.Dispose();
    }
}
