using Edge.Host.Transport;
using Edge.Core.Hardware;
using Edge.Firmware;

namespace Edge.Host.Device;

/// <summary>
/// An in-memory transport to a firmware in the same process: each Write is fed to
/// <see cref="DeviceFirmware.Receive"/> at once, on the writer's thread, and the answers queue up
/// for Read. Thread-safe. Meant for tests and benchmarks of the protocol without a real line.
/// </summary>
public sealed class LoopbackTransport : IByteTransport, IByteSink
{
    private readonly DeviceFirmware _firmware;
    private readonly object _gate = new();
    private byte[] _queue = new byte[4096];
    private int _start;
    private int _end;
    private bool _disposed;

    public LoopbackTransport(DeviceFirmware firmware) { _firmware = firmware; }

    public DeviceFirmware Firmware => _firmware;

    public void Write(byte[] b, int off, int count)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _firmware.Receive(b, off, count, this);
            Monitor.PulseAll(_gate);
        }
    }

    public int Read(byte[] b, int off, int count, TimeSpan timeout)
    {
        lock (_gate)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (_end == _start && !_disposed)
            {
                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero) return 0;
                Monitor.Wait(_gate, remaining);
            }
            if (_end == _start) throw new TransportClosedException("loopback transport closed");
            int n = Math.Min(count, _end - _start);
            Buffer.BlockCopy(_queue, _start, b, off, n);
            _start += n;
            if (_start == _end) _start = _end = 0;
            return n;
        }
    }

    /// <summary>The firmware's answers (called under the lock, from Receive).</summary>
    void IByteSink.Write(byte[] buffer, int offset, int count)
    {
        if (_queue.Length - _end < count)
        {
            int live = _end - _start;
            byte[] target = live + count <= _queue.Length ? _queue : new byte[Math.Max(_queue.Length * 2, live + count)];
            Buffer.BlockCopy(_queue, _start, target, 0, live);
            _queue = target;
            _start = 0;
            _end = live;
        }
        Buffer.BlockCopy(buffer, offset, _queue, _end, count);
        _end += count;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }
}
