namespace Edge.Core.Protocol
{
    /// <summary>
    /// Reads a frame body: little-endian integers, int16/int32 arrays and length-prefixed ASCII
    /// strings, each bounds-checked. A read past the end returns 0 (or false/null), consumes nothing
    /// and clears <see cref="Ok"/> for good, so a handler reads every field and then checks
    /// <see cref="Ok"/> (or <see cref="ExpectEnd"/>) once and answers BadBody instead of crashing.
    /// Allocation-free except <see cref="ReadAscii"/>; reuse one reader with <see cref="Reset"/>.
    /// </summary>
    public sealed class BodyReader
    {
        private byte[] _buffer;
        private int _start;
        private int _end;
        private int _position;
        private bool _ok;

        /// <summary>A reader over buffer[offset .. offset+count).</summary>
        public BodyReader(byte[] buffer, int offset, int count)
        {
            _buffer = buffer;
            Reset(buffer, offset, count);
        }

        /// <summary>Restarts on a new region; an out-of-range region gives a reader whose reads all fail.</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            _buffer = buffer;
            _ok = Cobs.IsRange(buffer, offset, count);
            _start = _ok ? offset : 0;
            _end = _ok ? offset + count : 0;
            _position = _start;
        }

        /// <summary>False once any read failed.</summary>
        public bool Ok { get { return _ok; } }

        /// <summary>Bytes read so far.</summary>
        public int Position { get { return _position - _start; } }

        /// <summary>Bytes left.</summary>
        public int Remaining { get { return _end - _position; } }

        /// <summary>Clears <see cref="Ok"/> if bytes are left over (a body longer than its request type allows); returns Ok.</summary>
        public bool ExpectEnd()
        {
            if (_position != _end) _ok = false;
            return _ok;
        }

        private bool Take(int count)
        {
            if (_ok && count >= 0 && count <= _end - _position) return true;
            _ok = false;
            return false;
        }

        /// <summary>Skips <paramref name="count"/> bytes.</summary>
        public bool Skip(int count)
        {
            if (!Take(count)) return false;
            _position += count;
            return true;
        }

        /// <summary>One byte (0 on failure).</summary>
        public byte ReadByte()
        {
            if (!Take(1)) return 0;
            return _buffer[_position++];
        }

        /// <summary>Little-endian uint16 (0 on failure).</summary>
        public ushort ReadUInt16()
        {
            if (!Take(2)) return 0;
            return (ushort)Get16();
        }

        /// <summary>Little-endian int16 (0 on failure).</summary>
        public short ReadInt16()
        {
            if (!Take(2)) return 0;
            return (short)Get16();
        }

        /// <summary>Little-endian int32 (0 on failure).</summary>
        public int ReadInt32()
        {
            if (!Take(4)) return 0;
            return Get32();
        }

        /// <summary>Little-endian uint32 (0 on failure).</summary>
        public uint ReadUInt32()
        {
            if (!Take(4)) return 0;
            return (uint)Get32();
        }

        /// <summary>Little-endian int64 (0 on failure).</summary>
        public long ReadInt64()
        {
            if (!Take(8)) return 0;
            uint low = (uint)Get32();
            long high = Get32();
            return (high << 32) | low;
        }

        /// <summary>Little-endian uint64 (0 on failure).</summary>
        public ulong ReadUInt64() { return (ulong)ReadInt64(); }

        /// <summary>Copies <paramref name="count"/> raw bytes into destination[offset ..]; false (nothing read) if either side is too short.</summary>
        public bool ReadBytes(byte[] destination, int offset, int count)
        {
            if (!Cobs.IsRange(destination, offset, count) || !Take(count)) { _ok = false; return false; }
            for (int i = 0; i < count; i++) destination[offset + i] = _buffer[_position++];
            return true;
        }

        /// <summary>Reads <paramref name="count"/> little-endian int16s into destination[offset ..]; false (nothing read) if either side is too short.</summary>
        public bool ReadInt16Array(short[] destination, int offset, int count)
        {
            if (destination == null || offset < 0 || count < 0 || offset > destination.Length
                || count > destination.Length - offset || count > (_end - _position) / 2 || !Take(count * 2))
            { _ok = false; return false; }
            for (int i = 0; i < count; i++) destination[offset + i] = (short)Get16();
            return true;
        }

        /// <summary>Reads <paramref name="count"/> little-endian int32s into destination[offset ..]; false (nothing read) if either side is too short.</summary>
        public bool ReadInt32Array(int[] destination, int offset, int count)
        {
            if (destination == null || offset < 0 || count < 0 || offset > destination.Length
                || count > destination.Length - offset || count > (_end - _position) / 4 || !Take(count * 4))
            { _ok = false; return false; }
            for (int i = 0; i < count; i++) destination[offset + i] = Get32();
            return true;
        }

        /// <summary>
        /// A uint16-length-prefixed ASCII string (bytes above 0x7F become '?'); null on failure, with
        /// nothing consumed. Allocates the string: meant for configuration and messages, not per sample.
        /// </summary>
        public string? ReadAscii()
        {
            if (!Take(2)) return null;
            int length = _buffer[_position] | (_buffer[_position + 1] << 8);
            if (length > _end - _position - 2) { _ok = false; return null; }
            _position += 2;
            if (length == 0) return string.Empty;
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                byte b = _buffer[_position++];
                chars[i] = b > 0x7F ? '?' : (char)b;
            }
            return new string(chars);
        }

        private int Get16()
        {
            int value = _buffer[_position] | (_buffer[_position + 1] << 8);
            _position += 2;
            return value;
        }

        private int Get32()
        {
            int value = _buffer[_position] | (_buffer[_position + 1] << 8)
                        | (_buffer[_position + 2] << 16) | (_buffer[_position + 3] << 24);
            _position += 4;
            return value;
        }
    }
}
