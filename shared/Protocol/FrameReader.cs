namespace Edge.Core.Protocol
{
    /// <summary>
    /// Incremental, allocation-free frame parser for a byte stream: feed it bytes as they arrive;
    /// at each 0x00 delimiter it COBS-decodes (in place, in its one buffer), checks the length and
    /// the CRC-16, and reports exactly one <see cref="FrameStatus"/> for that frame. Empty frames
    /// (two delimiters in a row) are skipped silently. A frame longer than the buffer is discarded
    /// up to the next delimiter and reported once as <see cref="FrameStatus.Oversize"/>. It never
    /// throws and never waits: any byte sequence only ever leads to statuses.
    /// <para>
    /// After a non-Ok status, <see cref="HasHeader"/> says whether a type and sequence number could
    /// still be decoded (unverified by the CRC), so the device can answer an ERROR the host can
    /// match, or skip the frame. Type, Sequence and Body stay valid until the next byte is pushed.
    /// </para>
    /// </summary>
    public sealed class FrameReader
    {
        private readonly byte[] _buffer; // encoded bytes of the current frame; after the delimiter, its payload
        private readonly int _maxPayload;
        private int _count;
        private bool _discarding;

        /// <summary>A reader for frames up to <see cref="FrameLimits.MaxPayload"/>.</summary>
        public FrameReader() : this(FrameLimits.MaxPayload) { }

        /// <summary>A reader for payloads up to <paramref name="maxPayload"/> bytes (at least 5).</summary>
        public FrameReader(int maxPayload)
        {
            _maxPayload = maxPayload < FrameLimits.MinPayload ? FrameLimits.MinPayload : maxPayload;
            _buffer = new byte[Cobs.MaxEncodedLength(_maxPayload)];
        }

        /// <summary>The largest payload (header + body + CRC) this reader accepts.</summary>
        public int MaxPayload { get { return _maxPayload; } }

        /// <summary>The type byte of the last frame (valid when <see cref="HasHeader"/>).</summary>
        public byte Type { get; private set; }

        /// <summary>The sequence number of the last frame (valid when <see cref="HasHeader"/>).</summary>
        public ushort Sequence { get; private set; }

        /// <summary>True when the last frame decoded far enough to read type and sequence (always for Ok).</summary>
        public bool HasHeader { get; private set; }

        /// <summary>The buffer holding the last frame's body (the reader's own, reused for the next frame).</summary>
        public byte[] Body { get { return _buffer; } }

        /// <summary>Where the body starts in <see cref="Body"/>.</summary>
        public int BodyOffset { get { return FrameLimits.HeaderLength; } }

        /// <summary>The body length of the last Ok frame; 0 after any other status.</summary>
        public int BodyLength { get; private set; }

        /// <summary>Frames reported Ok so far.</summary>
        public uint FramesAccepted { get; private set; }

        /// <summary>Non-empty frames rejected so far (any status but Ok).</summary>
        public uint FramesRejected { get; private set; }

        /// <summary>Forgets a partially received frame (e.g. after a reconnect).</summary>
        public void Reset()
        {
            _count = 0;
            _discarding = false;
        }

        /// <summary>Feeds one byte; returns NeedMore, or the status of the frame this delimiter closed.</summary>
        public FrameStatus Push(byte value)
        {
            if (value != 0)
            {
                if (_discarding) return FrameStatus.NeedMore;
                if (_count < _buffer.Length) _buffer[_count++] = value;
                else _discarding = true;
                return FrameStatus.NeedMore;
            }
            if (_count == 0 && !_discarding) return FrameStatus.NeedMore; // empty frame: a resync, not an error
            return CompleteFrame();
        }

        /// <summary>
        /// Feeds data[offset .. offset+count) up to and including the first delimiter that closes a
        /// frame. Returns that frame's status with <paramref name="consumed"/> bytes used (call again
        /// with the rest), or NeedMore with everything consumed. Out-of-range arguments consume nothing.
        /// </summary>
        public FrameStatus Push(byte[] data, int offset, int count, out int consumed)
        {
            consumed = 0;
            if (!Cobs.IsRange(data, offset, count)) return FrameStatus.NeedMore;
            for (int i = 0; i < count; i++)
            {
                FrameStatus status = Push(data[offset + i]);
                if (status != FrameStatus.NeedMore)
                {
                    consumed = i + 1;
                    return status;
                }
            }
            consumed = count;
            return FrameStatus.NeedMore;
        }

        private FrameStatus CompleteFrame()
        {
            int encodedLength = _count;
            bool oversize = _discarding;
            Reset();

            bool malformed;
            int decoded = Cobs.DecodeCore(_buffer, 0, encodedLength, _buffer, 0, _buffer.Length, out malformed);
            HasHeader = decoded >= FrameLimits.HeaderLength;
            Type = HasHeader ? _buffer[0] : (byte)0;
            Sequence = HasHeader ? (ushort)(_buffer[1] | (_buffer[2] << 8)) : (ushort)0;
            BodyLength = 0;

            FrameStatus status;
            if (oversize) status = FrameStatus.Oversize;
            else if (malformed) status = FrameStatus.BadCobs;
            else if (decoded > _maxPayload) status = FrameStatus.Oversize;
            else if (decoded < FrameLimits.MinPayload) status = FrameStatus.Truncated;
            else
            {
                int crcAt = decoded - FrameLimits.CrcLength;
                int received = _buffer[crcAt] | (_buffer[crcAt + 1] << 8);
                status = Crc16.Compute(_buffer, 0, crcAt) == received ? FrameStatus.Ok : FrameStatus.BadCrc;
            }

            if (status == FrameStatus.Ok)
            {
                BodyLength = decoded - FrameLimits.MinPayload;
                FramesAccepted++;
            }
            else FramesRejected++;
            return status;
        }
    }
}
