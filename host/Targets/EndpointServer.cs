using Edge.Core.Hardware;
using Edge.Host.Transport;

namespace Edge.Host.Targets;

/// <summary>Why <see cref="EndpointServer.Serve"/> (or a server built on it) stopped.</summary>
public enum ServeOutcome
{
    /// <summary>The host closed the connection; the board is still alive.</summary>
    PeerClosed,
    /// <summary>Cancelled (Ctrl+C).</summary>
    Cancelled,
    /// <summary>The board reached its end of life: it answers nothing more.</summary>
    EndOfLife,
}

/// <summary>
/// The board side of a connection: reads bytes from a transport, hands them to the firmware endpoint and writes
/// its answers back, until the host leaves, the token is cancelled or the board dies.
/// </summary>
public static class EndpointServer
{
    /// <summary>How often an idle server looks at the cancellation token and the board's health.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public const int ReceiveBufferSize = 4096;

    /// <param name="isAlive">The board's health (e.g. <c>() =&gt; board.IsAlive</c>), checked before and after every chunk.</param>
    public static ServeOutcome Serve(IByteTransport transport, IFirmwareEndpoint endpoint, Func<bool> isAlive, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(isAlive);
        var buffer = new byte[ReceiveBufferSize];
        Action<byte[], int, int> output = transport.Write;
        while (true)
        {
            if (!isAlive()) return ServeOutcome.EndOfLife;
            if (cancellation.IsCancellationRequested) return ServeOutcome.Cancelled;
            try
            {
                int n = transport.Read(buffer, 0, buffer.Length, PollInterval);
                if (n > 0) endpoint.Receive(buffer, 0, n, output);
            }
            catch (TransportClosedException)
            {
                return isAlive() ? ServeOutcome.PeerClosed : ServeOutcome.EndOfLife;
            }
        }
    }

    /// <inheritdoc cref="Serve(IByteTransport, IFirmwareEndpoint, Func{bool}, CancellationToken)"/>
    public static ServeOutcome Serve(IByteTransport transport, IFirmwareEndpoint endpoint, IBoard board, CancellationToken cancellation) =>
        Serve(transport, endpoint, () => board.IsAlive, cancellation);
}
