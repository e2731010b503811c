using System.Net;
using System.Net.Sockets;
using Edge.Host.Transport;

namespace Edge.Host.Targets;

/// <summary>
/// Serves one board's firmware over TCP (<c>edge board run --listen</c>): one client at a time (the next waits in
/// the backlog until the current one leaves), the board's state kept across clients like a real board that stays
/// powered. Stops on cancellation (Ctrl+C) or when the board dies, closing the connection and the listener.
/// </summary>
public sealed class TcpBoardServer : IDisposable
{
    private readonly Socket _listener;
    private readonly IFirmwareEndpoint _endpoint;
    private readonly Func<bool> _isAlive;
    private readonly Action<string> _log;
    private int _disposed;

    /// <summary>Binds and listens at once, so <see cref="LocalEndPoint"/> is known (port 0 picks a free port).</summary>
    /// <exception cref="TransportException">The address is in use or cannot be bound (one line naming it).</exception>
    public TcpBoardServer(IPEndPoint listen, IFirmwareEndpoint endpoint, Func<bool> isAlive, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _isAlive = isAlive ?? throw new ArgumentNullException(nameof(isAlive));
        _log = log ?? (_ => { });
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
        try
        {
            while (true)
            {
                if (!_isAlive()) return ServeOutcome.EndOfLife;
                Socket client;
                try
                {
                    client = _listener.AcceptAsync(cancellation).AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    return ServeOutcome.Cancelled;
                }
                string peer = client.RemoteEndPoint?.ToString() ?? "?";
                ServeOutcome outcome;
                using (var transport = new TcpTransport(client, "tcp://" + peer))
                {
                    _log($"client {peer} connected");
                    outcome = EndpointServer.Serve(transport, _endpoint, _isAlive, cancellation);
                }
                _log(outcome switch
                {
                    ServeOutcome.PeerClosed => $"client {peer} left",
                    ServeOutcome.EndOfLife => $"board reached end of life; closed {peer}",
                    _ => $"stopping; closed {peer}",
                });
                if (outcome != ServeOutcome.PeerClosed) return outcome;
            }
        }
        finally
        {
            // Clients still waiting in the backlog are refused once the listener closes.
            Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _listener.Dispose();
    }
}
