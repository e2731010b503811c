using System.Net;
using System.Net.Sockets;

namespace Edge.Host.Transport;

/// <summary>
/// A TCP connection to a board (e.g. one run by <c>edge board run --listen</c>). Nagle is off: the protocol is
/// small request/response frames, which Nagle would hold back for tens of milliseconds.
/// </summary>
public sealed class TcpTransport : IByteTransport
{
    private readonly Socket _socket;
    private int _disposed;

    /// <summary>Wraps a connected socket and takes ownership of it.</summary>
    /// <param name="peer">How to name the other end in messages, e.g. "tcp://127.0.0.1:5555".</param>
    public TcpTransport(Socket socket, string peer)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!socket.Connected) throw new ArgumentException("socket is not connected", nameof(socket));
        _socket = socket;
        _socket.NoDelay = true;
        Peer = peer;
    }

    /// <summary>The other end, e.g. "tcp://127.0.0.1:5555".</summary>
    public string Peer { get; }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>, trying each address the name resolves to.</summary>
    /// <exception cref="TransportException">One line naming the address: refused, unknown host, unreachable, no answer within the timeout.</exception>
    public static TcpTransport Connect(string host, int port, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "TCP ports are 1..65535");
        string peer = "tcp://" + (host.Contains(':') ? "[" + host + "]" : host) + ":" + port;
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            IPAddress[] addresses = IPAddress.TryParse(host, out IPAddress? literal)
                ? new[] { literal }
                : Dns.GetHostAddressesAsync(host, deadline.Token).GetAwaiter().GetResult();
            if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
            SocketException? last = null;
            foreach (IPAddress address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).AsTask().GetAwaiter().GetResult();
                    return new TcpTransport(socket, peer);
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    last = e;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            throw last!;
        }
        catch (OperationCanceledException)
        {
            throw new TransportException($"cannot connect to {peer}: no answer within {Seconds(timeout)}");
        }
        catch (SocketException e)
        {
            string why = e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (is a board listening there? start one with `edge board run --listen " + host + ":" + port + "`)",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"unknown host '{host}'",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network or host unreachable",
                SocketError.TimedOut => $"no answer within {Seconds(timeout)}",
                _ => e.Message,
            };
            throw new TransportException($"cannot connect to {peer}: {why}", e);
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        PipeTransport.CheckRange(buffer, offset, count);
        try
        {
            while (count > 0)
            {
                int sent = _socket.Send(buffer, offset, count, SocketFlags.None);
                offset += sent;
                count -= sent;
            }
        }
        catch (SocketException e)
        {
            throw new TransportClosedException($"connection to {Peer} lost: {e.Message}", e);
        }
    }

    public int Read(byte[] buffer, int offset, int count, TimeSpan timeout)
    {
        PipeTransport.CheckRange(buffer, offset, count);
        if (count == 0) return 0;
        try
        {
            if (!_socket.Poll(ClampPollTimeout(timeout), SelectMode.SelectRead)) return 0;
            int n = _socket.Receive(buffer, offset, count, SocketFlags.None);
            if (n == 0) throw new TransportClosedException($"{Peer} closed the connection");
            return n;
        }
        catch (SocketException e)
        {
            throw new TransportClosedException($"connection to {Peer} lost: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _socket.Dispose();
    }

    public override string ToString() => Peer;

    private static TimeSpan ClampPollTimeout(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan) return timeout;
        if (timeout < TimeSpan.Zero) return TimeSpan.Zero;
        TimeSpan max = TimeSpan.FromMilliseconds(int.MaxValue / 1000);
        return timeout > max ? max : timeout;
    }

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
