namespace Edge.Host.Transport;

/// <summary>
/// A duplex byte stream to a board: an in-process pipe, a TCP socket, a serial port. Framing is
/// the protocol client's business; a transport only moves bytes.
/// </summary>
public interface IByteTransport : IDisposable
{
    /// <summary>Sends buffer[offset .. offset+count), all of it, or throws.</summary>
    void Write(byte[] buffer, int offset, int count);

    /// <summary>
    /// Reads up to count bytes; returns 0 if nothing arrived within timeout; throws
    /// <see cref="TransportClosedException"/> when the peer is gone.
    /// </summary>
    int Read(byte[] buffer, int offset, int count, TimeSpan timeout);
}
