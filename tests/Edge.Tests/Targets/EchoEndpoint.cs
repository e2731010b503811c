using Edge.Core.Hardware;
using Edge.Core.Protocol;

namespace Edge.Tests.Targets;

/// <summary>A stand-in firmware: answers every byte with itself, counting one board operation per byte.</summary>
internal sealed class EchoEndpoint(IBoard? board = null) : IFirmwareEndpoint, IDisposable
{
    public bool Disposed { get; private set; }

    public void Receive(byte[] data, int offset, int count, IByteSink output)
    {
        output.Write(data, offset, count);
        board?.CountOperations(count);
    }

    public void Dispose() => Disposed = true;
}
