namespace Edge.Core.Protocol
{
    /// <summary>
    /// Writes a frame body into a caller-provided byte[]: little-endian integers, int16/int32 arrays
    /// (no length prefix: write the count first when the reader cannot know it) and length-prefixed
    /// ASCII strings. A write that does not fit writes nothing, returns false and clears
    /// <see cref="Ok"/> for good (every later write fails too), so a handler can write everything
    /// and check once. Allocation-free; reuse one writer with <see cref="Reset(byte[], int, int)"/>.
    /// </summary>
    public sealed class BodyWriter
    {
        private byte[] _buffer;
        private int _start;
        private int _end;
        private int _position;
        private bool _ok;

        /// <summary>A writer over the whole of <paramref name="buffer"/>.</summary>
        public BodyWriter(byte[] buffer) : this(buffer, 0, buffer == null ? 0 : buffer.Length) { }

        /// <summary>A writer over buffer[offset .. offset+capacity).</summary>
        public BodyWriter(byte[] buffer, int offset, int capacity)
        {
            _buffer = buffer;
            Reset(buffer, offset, capacity);
        }

        /// <summary>Restarts on a new region; an out-of-range region gives a writer whose writes all fail.</summary>
        public void Reset(byte[] buffer, int offset, int capacity)
        {
            _buffer = buffer;
            _ok = Cobs.IsRange(buffer, offset, capacity);
            _start = _ok ? offset : 0;
            _end = _ok ? offset + capacity : 0;
            _position = _start;
        }

        /// <summary>Restarts at the beginning of the same region.</summary>
        public void Reset()
        {
            _position = _start;
            _ok = _buffer != null && _end >= _start;
        }

        /// <summary>False once any write did not fit.</summary>
        public bool Ok { get { return _ok; } }

        /// <summary>The buffer written to.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>Where the body starts in <see cref="Buffer"/>.</summary>
        public int Offset { get { return _start; } }

        /// <summary>Bytes written so far.</summary>
        public int Length { get { return _position - _start; } }

        /// <summary>Bytes still free.</summary>
        public int Remaining { get { return _end - _position; } }

        private bool Reserve(int count)
        {
            if (_ok && count >= 0 && count <= _end - _position) return true;
            _ok = false;
            return false;
        }

        /// <summary>One byte.</summary>
        public bool WriteByte(byte value)
        {
            if (!Reserve(1)) return false;
            _buffer[_position++] = value;
            return true;
        }

        /// <summary>Little-endian uint16.</summary>
        public bool WriteUInt16(ushort value)
        {
            if (!Reserve(2)) return false;
            Put16(value);
            return true;
        }

        /// <summary>Little-endian int16 (e.g. a Q3.12 weight or a Q0.15 input).</summary>
        public bool WriteInt16(short value)
        {
            if (!Reserve(2)) return false;
            Put16(value);
            return true;
        }

        /// <summary>Little-endian int32 (e.g. a Q15.16 logit).</summary>
        public bool WriteInt32(int value)
        {
            if (!Reserve(4)) return false;
            Put32(value);
            return true;
        }

        /// <summary>Little-endian uint32.</summary>
        public bool WriteUInt32(uint value)
        {
            if (!Reserve(4)) return false;
            Put32((int)value);
            return true;
        }

        /// <summary>Little-endian int64.</summary>
        public bool WriteInt64(long value)
        {
            if (!Reserve(8)) return false;
            Put32((int)value);
            Put32((int)(value >> 32));
            return true;
        }

        /// <summary>Little-endian uint64.</summary>
        public bool WriteUInt64(ulong value) { return WriteInt64((long)value); }

        /// <summary>Raw bytes source[offset .. offset+count).</summary>
        public bool WriteBytes(byte[] source, int offset, int count)
        {
            if (!Cobs.IsRange(source, offset, count) || !Reserve(count)) { _ok = false; return false; }
            for (int i = 0; i < count; i++) _buffer[_position++] = source[offset + i];
            return true;
        }

        /// <summary>source[offset .. offset+count) as little-endian int16s, without a count prefix.</summary>
        public bool WriteInt16Array(short[] source, int offset, int count)
        {
            if (source == null || offset < 0 || count < 0 || offset > source.Length || count > source.Length - offset
                || count > (_end - _position) / 2 || !Reserve(count * 2)) { _ok = false; return false; }
            for (int i = 0; i < count; i++) Put16(source[offset + i]);
            return true;
        }

        /// <summary>source[offset .. offset+count) as little-endian int32s, without a count prefix.</summary>
        public bool WriteInt32Array(int[] source, int offset, int count)
        {
            if (source == null || offset < 0 || count < 0 || offset > source.Length || count > source.Length - offset
                || count > (_end - _position) / 4 || !Reserve(count * 4)) { _ok = false; return false; }
            for (int i = 0; i < count; i++) Put32(source[offset + i]);
            return true;
        }

        /// <summary>
        /// A string as uint16 length + one byte per char (no System.Text on the device); chars above
        /// 0x7F become '?'. Null writes as empty. Fails if it does not fit whole.
        /// </summary>
        public bool WriteAscii(string? text) { return WriteAscii(text, 0xFFFF); }

        /// <summary>Like <see cref="WriteAscii(string)"/>, cut to its first <paramref name="maxChars"/> chars (for messages that must fit).</summary>
        public bool WriteAscii(string? text, int maxChars)
        {
            int length = text == null ? 0 : text.Length;
            if (maxChars < 0) maxChars = 0;
            if (length > maxChars) length = maxChars;
            if (length > 0xFFFF || !Reserve(2 + length)) { _ok = false; return false; }
            Put16(length);
            for (int i = 0; i < length; i++)
            {
                char c = text![i];
                _buffer[_position++] = c > (char)0x7F ? (byte)'?' : (byte)c;
            }
            return true;
        }

        private void Put16(int value)
        {
            _buffer[_position++] = (byte)value;
            _buffer[_position++] = (byte)(value >> 8);
        }

        private void Put32(int value)
        {
            _buffer[_position++] = (byte)value;
            _buffer[_position++] = (byte)(value >> 8);
            _buffer[_position++] = (byte)(value >> 16);
            _buffer[_position++] = (byte)(value >> 24);
        }
    }
}
