using System.Diagnostics;

namespace Edge.Host.Transport;

/// <summary>
/// One direction of an in-process pipe: a bounded ring of bytes. Writers block while it is full; each Write
/// call lands contiguously even when several threads write at once (a frame is never split by another
/// writer's bytes). Readers get whatever has arrived, waiting up to a timeout for the first byte.
/// </summary>
internal sealed class ByteRing : Edge.Core.Hardware.IByteSink
{
    private readonly byte[] _data;
    private readonly object _gate = new();
    private readonly object _writeOrder = new();   // held for a whole Write: keeps concurrent writes contiguous
    private readonly string _name;
    private int _head;                              // next byte to read
    private int _count;
    private bool _writerClosed, _readerClosed;

    public ByteRing(int capacity, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _data = new byte[capacity];
        _name = name;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_writeOrder)
        {
            while (count > 0)
            {
                lock (_gate)
                {
                    while (_count == _data.Length && !_readerClosed && !_writerClosed) Monitor.Wait(_gate);
                    ObjectDisposedException.ThrowIf(_writerClosed, this);
                    if (_readerClosed) throw new TransportClosedException($"{_name}: the other end is closed");
                    int tail = (_head + _count) % _data.Length;
                    int n = Math.Min(count, Math.Min(_data.Length - _count, _data.Length - tail));
                    Buffer.BlockCopy(buffer, offset, _data, tail, n);
                    _count += n;
                    offset += n;
                    count -= n;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    public int Read(byte[] buffer, int offset, int count, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return 0;
        long start = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (_count == 0)
            {
                ObjectDisposedException.ThrowIf(_readerClosed, this);
                if (_writerClosed) throw new TransportClosedException($"{_name}: the other end is closed");
                if (timeout == Timeout.InfiniteTimeSpan) { Monitor.Wait(_gate); continue; }
                TimeSpan left = timeout - Stopwatch.GetElapsedTime(start);
                if (left <= TimeSpan.Zero) return 0;
                Monitor.Wait(_gate, left);
            }
            int n = Math.Min(count, Math.Min(_count, _data.Length - _head));
            Buffer.BlockCopy(_data, _head, buffer, offset, n);
            _head = (_head + n) % _data.Length;
            _count -= n;
            if (n < count && _count > 0)
            {
                // The ring wrapped: take the rest from its start in the same call.
                int more = Math.Min(count - n, _count);
                Buffer.BlockCopy(_data, _head, buffer, offset + n, more);
                _head += more;
                _count -= more;
                n += more;
            }
            Monitor.PulseAll(_gate);
            return n;
        }
    }

    /// <summary>No more bytes will be written; the reader drains what is left, then sees the end.</summary>
    public void CloseWriter()
    {
        lock (_gate) { _writerClosed = true; Monitor.PulseAll(_gate); }
    }

    /// <summary>Nobody will read any more; blocked and future writers fail.</summary>
    public void CloseReader()
    {
        lock (_gate) { _readerClosed = true; _count = 0; Monitor.PulseAll(_gate); }
    }
}
