using Edge.Core.Hardware;

namespace Edge.Host.Transport;

/// <summary>A transport as the <see cref="IByteSink"/> a firmware endpoint answers into: every answer goes out on it.</summary>
public sealed class TransportSink(IByteTransport transport) : IByteSink
{
    public void Write(byte[] buffer, int offset, int count) => transport.Write(buffer, offset, count);
}
