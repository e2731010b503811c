namespace Edge.Host.Transport;

/// A duplex byte stream to a board.
public interface IByteTransport : IDisposable
{
    void Write(byte[] buffer, int offset, int count);

    /// Reads up to count bytes; returns 0 if nothing arrived within timeout; throws TransportClosedException when the peer is gone.
    int Read(byte[] buffer, int offset, int count, TimeSpan timeout);
}
