namespace Edge.Core.Protocol
{
    /// <summary>
    /// Sizes of one frame. The decoded payload is type (1) + sequence (2, little-endian) + body +
    /// CRC-16 (2, little-endian, over type, sequence and body). 2048 bytes of payload hold the largest
    /// single request with room to spare: a 196-channel (14x14 Fashion-MNIST) stimulus is 392 bytes
    /// as int16 Q0.15 and 784 bytes as int32, so one int32 stimulus plus teacher logits fits, as
    /// does a batch of five int16 196-channel stimuli or fifteen 64-channel ones. A receive buffer
    /// of ~2 KB is affordable on every target MCU (tens of KB of RAM) and far below what a larger
    /// frame would gain: bigger transfers (weights) are chunked.
    /// </summary>
    public static class FrameLimits
    {
        /// <summary>Type byte plus little-endian sequence number.</summary>
        public const int HeaderLength = 3;
        /// <summary>The trailing CRC-16.</summary>
        public const int CrcLength = 2;
        /// <summary>Header plus CRC: the shortest valid payload (an empty body).</summary>
        public const int MinPayload = HeaderLength + CrcLength;
        /// <summary>The largest decoded payload (header + body + CRC).</summary>
        public const int MaxPayload = 2048;
        /// <summary>The largest body: 2043 bytes.</summary>
        public const int MaxBody = MaxPayload - MinPayload;
        /// <summary>The largest COBS-encoded payload, without the delimiter: 2048 + 2048/254 + 1 = 2057.</summary>
        public const int MaxEncodedPayload = MaxPayload + MaxPayload / 254 + 1;
        /// <summary>The largest frame on the wire, including the trailing 0x00 delimiter: 2058 bytes.</summary>
        public const int MaxFrame = MaxEncodedPayload + 1;
    }
}
