namespace Edge.Host.Device;

/// <summary>
/// A duplex byte stream to a board: an in-process pipe, a TCP socket, a serial port. Framing is
/// the client's business; a transport only moves bytes.
/// </summary>
public interface IByteTransport : IDisposable
{
    /// <summary>Sends b[off .. off+count) (all of it, or throws).</summary>
    void Write(byte[] b, int off, int count);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for bytes and copies what is available into
    /// b[off ..] (at most count). Returns the number read, 0 on timeout, −1 once the stream is
    /// closed (or throws an IOException).
    /// </summary>
    int Read(byte[] b, int off, int count, TimeSpan timeout);
}
