namespace Edge.Core.Protocol
{
    /// <summary>
    /// The code byte of an ERROR response (<see cref="MessageType.Error"/>). Codes 1..0x3F are
    /// framing and request errors (the host's fault or the line's: retry or fix the request);
    /// 0x40..0x7F are device conditions. 0 is never sent.
    /// </summary>
    public static class ErrorCode
    {
        /// <summary>No error (never sent; a "nothing to report" value for code paths).</summary>
        public const byte None = 0x00;

        // Framing: the frame reader rejected the bytes between two delimiters.
        /// <summary>The CRC-16 of the frame did not match (line noise): resend.</summary>
        public const byte BadCrc = 0x01;
        /// <summary>The bytes between two delimiters were not valid COBS (line noise, lost bytes).</summary>
        public const byte BadCobs = 0x02;
        /// <summary>The frame decoded to fewer than 5 bytes (type, sequence and CRC do not fit).</summary>
        public const byte Truncated = 0x03;
        /// <summary>The frame exceeded <see cref="FrameLimits.MaxPayload"/> and was discarded.</summary>
        public const byte Oversize = 0x04;

        // Request: a well-formed frame the device cannot serve as asked.
        /// <summary>The type byte is not a known request.</summary>
        public const byte UnknownType = 0x10;
        /// <summary>The body is too short, too long, or malformed for this request type.</summary>
        public const byte BadBody = 0x11;
        /// <summary>The body parsed but a value is out of range (label, channel count, chunk offset...).</summary>
        public const byte BadArgument = 0x12;
        /// <summary>The request needs a model but none is configured or loaded yet (send CONFIGURE or LOAD).</summary>
        public const byte NotConfigured = 0x13;
        /// <summary>The protocol or model-format version the host asked for is not supported.</summary>
        public const byte Unsupported = 0x14;
        /// <summary>The link needs the board server's key first (AUTH); without it only HELLO is answered.</summary>
        public const byte Unauthorized = 0x15;

        // Device conditions.
        /// <summary>Flash write, erase or read-back verification failed.</summary>
        public const byte StorageFailure = 0x40;
        /// <summary>LOAD found no valid model image in either slot.</summary>
        public const byte NoSavedModel = 0x41;
        /// <summary>The device is busy (e.g. a board server already serving another host); retry later.</summary>
        public const byte Busy = 0x42;
        /// <summary>Not enough memory for the requested architecture or batch.</summary>
        public const byte OutOfMemory = 0x43;
        /// <summary>The flash has reached its write-endurance budget; SAVE refuses to wear it further.</summary>
        public const byte EndOfLife = 0x44;
        /// <summary>An unexpected fault inside the device (a bug); the device keeps serving.</summary>
        public const byte Internal = 0x7F;

        /// <summary>The code to answer a rejected frame with (None for Ok and NeedMore).</summary>
        public static byte ForFrameStatus(FrameStatus status)
        {
            switch (status)
            {
                case FrameStatus.BadCrc: return BadCrc;
                case FrameStatus.BadCobs: return BadCobs;
                case FrameStatus.Truncated: return Truncated;
                case FrameStatus.Oversize: return Oversize;
                default: return None;
            }
        }

        /// <summary>A short upper-case name for logs and CLI messages ("BAD_CRC", "0x99" if unknown).</summary>
        public static string Name(byte code)
        {
            switch (code)
            {
                case None: return "NONE";
                case BadCrc: return "BAD_CRC";
                case BadCobs: return "BAD_COBS";
                case Truncated: return "TRUNCATED";
                case Oversize: return "OVERSIZE";
                case UnknownType: return "UNKNOWN_TYPE";
                case BadBody: return "BAD_BODY";
                case BadArgument: return "BAD_ARGUMENT";
                case NotConfigured: return "NOT_CONFIGURED";
                case Unsupported: return "UNSUPPORTED";
                case Unauthorized: return "UNAUTHORIZED";
                case StorageFailure: return "STORAGE_FAILURE";
                case NoSavedModel: return "NO_SAVED_MODEL";
                case Busy: return "BUSY";
                case OutOfMemory: return "OUT_OF_MEMORY";
                case EndOfLife: return "END_OF_LIFE";
                case Internal: return "INTERNAL";
                default: return MessageType.HexByte(code);
            }
        }
    }
}
