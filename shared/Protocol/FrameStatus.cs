namespace Edge.Core.Protocol
{
    /// <summary>
    /// What <see cref="FrameReader"/> reports after each byte. Everything but <see cref="NeedMore"/>
    /// is reported exactly once per non-empty frame, at its closing 0x00 delimiter.
    /// </summary>
    public enum FrameStatus : byte
    {
        /// <summary>No complete frame yet (also after empty frames, which are skipped silently).</summary>
        NeedMore = 0,
        /// <summary>A valid frame: Type, Sequence and Body are ready.</summary>
        Ok = 1,
        /// <summary>The bytes were not valid COBS.</summary>
        BadCobs = 2,
        /// <summary>Decoded to fewer than <see cref="FrameLimits.MinPayload"/> bytes.</summary>
        Truncated = 3,
        /// <summary>The CRC-16 did not match.</summary>
        BadCrc = 4,
        /// <summary>More than <see cref="FrameLimits.MaxPayload"/> bytes; the rest of the frame was discarded.</summary>
        Oversize = 5,
    }
}
