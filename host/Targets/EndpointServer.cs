using Edge.Core.Hardware;
using Edge.Host.Transport;
using Edge.Core.Protocol;

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
    /// <summary>The host sent nothing for the idle timeout; the board is still alive.</summary>
    IdleTimeout,
    /// <summary>The endpoint asked to close the connection (e.g. a failed AUTH); the board is still alive.</summary>
    HungUp,
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
    /// <param name="idleTimeout">Give up on a host that sends nothing for this long (null: wait for ever).</param>
    /// <param name="hangUp">Asked after every chunk whether the endpoint wants the connection closed.</param>
    public static ServeOutcome Serve(IByteTransport transport, IFirmwareEndpoint endpoint, Func<bool> isAlive, CancellationToken cancellation,
                                     TimeSpan? idleTimeout = null, Func<bool>? hangUp = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(isAlive);
        var buffer = new byte[ReceiveBufferSize];
        var output = new TransportSink(transport);
        var idle = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (!isAlive()) return ServeOutcome.EndOfLife;
            if (cancellation.IsCancellationRequested) return ServeOutcome.Cancelled;
            if (hangUp?.Invoke() == true) return ServeOutcome.HungUp;
            if (idle.Elapsed >= idleTimeout) return ServeOutcome.IdleTimeout;
            try
            {
                int n = transport.Read(buffer, 0, buffer.Length, PollInterval);
                if (n == 0) continue;
                endpoint.Receive(buffer, 0, n, output);
                idle.Restart();   // the time the board spent answering is not the host's silence
            }
            catch (TransportClosedException)
            {
                return isAlive() ? ServeOutcome.PeerClosed : ServeOutcome.EndOfLife;
            }
        }
    }

    /// <inheritdoc cref="Serve(IByteTransport, IFirmwareEndpoint, Func{bool}, CancellationToken, TimeSpan?, Func{bool})"/>
    public static ServeOutcome Serve(IByteTransport transport, IFirmwareEndpoint endpoint, IBoard board, CancellationToken cancellation) =>
        Serve(transport, endpoint, () => board.IsAlive, cancellation);
}
