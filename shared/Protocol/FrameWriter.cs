namespace Edge.Core.Protocol
{
    /// <summary>
    /// Builds one wire frame: COBS(type, sequence LE, body, CRC-16 LE) followed by the 0x00
    /// delimiter. The payload is COBS-encoded as it is produced, straight into the caller's buffer,
    /// so nothing is allocated or copied twice.
    /// </summary>
    public static class FrameWriter
    {
        /// <summary>The room Write needs for a body of <paramref name="bodyCount"/> bytes, delimiter included.</summary>
        public static int MaxFrameLength(int bodyCount)
        {
            return Cobs.MaxEncodedLength(FrameLimits.MinPayload + bodyCount) + 1;
        }

        /// <summary>Writes the frame at the start of <paramref name="output"/>; see the full overload.</summary>
        public static int Write(byte type, ushort sequence, byte[]? body, int bodyOffset, int bodyCount, byte[] output)
        {
            return Write(type, sequence, body, bodyOffset, bodyCount, output, 0);
        }

        /// <summary>
        /// Writes the frame at output[outputOffset ..]. Returns the number of bytes written including
        /// the trailing 0x00, or -1 when the body exceeds <see cref="FrameLimits.MaxBody"/>, an argument
        /// is out of range, or fewer than <see cref="MaxFrameLength"/>(bodyCount) bytes of room remain.
        /// <paramref name="body"/> may be null when bodyCount is 0; it must not overlap the output.
        /// </summary>
        public static int Write(byte type, ushort sequence, byte[]? body, int bodyOffset, int bodyCount,
                                byte[] output, int outputOffset)
        {
            if (bodyCount < 0 || bodyCount > FrameLimits.MaxBody) return -1;
            if (bodyCount > 0 && (body == null || !Cobs.IsRange(body, bodyOffset, bodyCount))) return -1;
            if (output == null || outputOffset < 0 || outputOffset > output.Length) return -1;
            if (output.Length - outputOffset < MaxFrameLength(bodyCount)) return -1;

            byte sequenceLow = (byte)(sequence & 0xFF);
            byte sequenceHigh = (byte)(sequence >> 8);
            ushort crc = Crc16.Update(Crc16.Initial, type);
            crc = Crc16.Update(crc, sequenceLow);
            crc = Crc16.Update(crc, sequenceHigh);

            int codeIndex;
            int write;
            Cobs.BeginEncoding(outputOffset, out codeIndex, out write);
            Cobs.EncodeByte(type, output, ref codeIndex, ref write);
            Cobs.EncodeByte(sequenceLow, output, ref codeIndex, ref write);
            Cobs.EncodeByte(sequenceHigh, output, ref codeIndex, ref write);
            if (bodyCount > 0)
            {
                byte[] source = body!;
                int end = bodyOffset + bodyCount;
                for (int i = bodyOffset; i < end; i++)
                {
                    byte b = source[i];
                    crc = Crc16.Update(crc, b);
                    Cobs.EncodeByte(b, output, ref codeIndex, ref write);
                }
            }
            Cobs.EncodeByte((byte)(crc & 0xFF), output, ref codeIndex, ref write);
            Cobs.EncodeByte((byte)(crc >> 8), output, ref codeIndex, ref write);
            write = Cobs.FinishEncoding(output, codeIndex, write);
            output[write++] = 0;
            return write - outputOffset;
        }
    }
}
