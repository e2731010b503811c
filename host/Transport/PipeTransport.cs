namespace Edge.Host.Transport;

/// <summary>
/// One end of an in-process duplex pipe (two <see cref="ByteRing"/>s), e.g. between the host's protocol client
/// and a simulated board's server thread. Thread-safe: any thread may write, any may read; each Write lands
/// contiguously. Disposing one end lets the other drain what was already sent and then see
/// <see cref="TransportClosedException"/>.
/// </summary>
public sealed class PipeTransport : IByteTransport
{
    /// <summary>Bytes buffered per direction before writers block.</summary>
    public const int DefaultCapacity = 256 * 1024;

    private readonly ByteRing _inbound, _outbound;
    private int _disposed;

    private PipeTransport(ByteRing inbound, ByteRing outbound, string name)
    {
        _inbound = inbound;
        _outbound = outbound;
        Name = name;
    }

    /// <summary>Two connected ends: what one writes, the other reads.</summary>
    public static (PipeTransport HostEnd, PipeTransport BoardEnd) CreatePair(string name = "pipe", int capacity = DefaultCapacity)
    {
        var toBoard = new ByteRing(capacity, name);
        var toHost = new ByteRing(capacity, name);
        return (new PipeTransport(toHost, toBoard, name), new PipeTransport(toBoard, toHost, name));
    }

    /// <summary>For messages, e.g. "sim:sim-digits#1".</summary>
    public string Name { get; }

    public void Write(byte[] buffer, int offset, int count)
    {
        CheckRange(buffer, offset, count);
        _outbound.Write(buffer, offset, count);
    }

    public int Read(byte[] buffer, int offset, int count, TimeSpan timeout)
    {
        CheckRange(buffer, offset, count);
        return _inbound.Read(buffer, offset, count, timeout);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _outbound.CloseWriter();
        _inbound.CloseReader();
    }

    public override string ToString() => Name;

    internal static void CheckRange(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (offset < 0 || count < 0 || offset > buffer.Length - count)
            throw new ArgumentOutOfRangeException(nameof(count), $"range {offset}+{count} lies outside a buffer of {buffer.Length} bytes");
    }
}
