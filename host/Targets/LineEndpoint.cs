using Edge.Core.Hardware;
using Edge.Core.Protocol;
using Edge.Host.Transport;

namespace Edge.Host.Targets;

/// <summary>
/// A board on a line (serial, TCP, an in-process pipe) seen as a firmware endpoint, for a gateway that bridges it
/// to the broker (<c>edge board run --bridge TARGET</c>): each request frame is written to the line and the board's
/// one answer frame, up to its 0x00 delimiter, is read back and passed on. A board that stays silent for
/// <see cref="AnswerTimeout"/> gives no answer (the host times out); a line that is gone throws
/// <see cref="TransportClosedException"/>.
/// </summary>
public sealed class LineEndpoint : IFirmwareEndpoint
{
    private readonly IByteTransport _line;
    private readonly byte[] _buffer = new byte[4096];
    private int _start, _end;

    public LineEndpoint(IByteTransport line, TimeSpan answerTimeout)
    {
        _line = line ?? throw new ArgumentNullException(nameof(line));
        AnswerTimeout = answerTimeout;
    }

    public TimeSpan AnswerTimeout { get; }

    public void Receive(byte[] data, int offset, int count, IByteSink output)
    {
        _start = _end = 0;   // bytes left from an earlier, late answer are stale
        _line.Write(data, offset, count);
        DateTime deadline = DateTime.UtcNow + AnswerTimeout;
        while (true)
        {
            int delimiter = Array.IndexOf(_buffer, (byte)0, _start, _end - _start);
            if (delimiter >= 0)
            {
                output.Write(_buffer, _start, delimiter + 1 - _start);
                _start = delimiter + 1;
                return;
            }
            if (_end == _buffer.Length)
            {
                if (_start == 0) { _start = _end = 0; return; }   // longer than any frame: garbage, drop it
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return;
            _end += _line.Read(_buffer, _end, _buffer.Length - _end, left);
        }
    }
}
