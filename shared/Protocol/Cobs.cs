namespace Edge.Core.Protocol
{
    /// <summary>
    /// Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999): rewrites a byte sequence so it
    /// contains no 0x00, which then serves as an unambiguous frame delimiter on the wire. Overhead is
    /// at most one byte per 254 bytes plus one. The encoding is canonical (the Wikipedia form): a
    /// 254-byte run of non-zero bytes that ends the input is not followed by an empty block.
    /// Everything works in caller-provided buffers and allocates nothing; malformed input or
    /// missing room yields -1, never an exception.
    /// </summary>
    public static class Cobs
    {
        /// <summary>The longest block: a code byte of 0xFF announces 254 data bytes and no zero.</summary>
        private const int FullBlockCode = 0xFF;

        /// <summary>
        /// An upper bound of the encoded length of <paramref name="sourceLength"/> bytes (without the
        /// 0x00 delimiter): n + n/254 + 1. Encode insists on this much room.
        /// </summary>
        public static int MaxEncodedLength(int sourceLength) { return sourceLength + sourceLength / 254 + 1; }

        /// <summary>
        /// Encodes source[offset .. offset+count) into destination at destinationOffset (no delimiter is
        /// appended). Returns the encoded length, or -1 when an argument is out of range or fewer than
        /// <see cref="MaxEncodedLength"/>(count) bytes of room remain. Source and destination must not overlap.
        /// </summary>
        public static int Encode(byte[] source, int offset, int count, byte[] destination, int destinationOffset)
        {
            if (!IsRange(source, offset, count) || destination == null) return -1;
            if (destinationOffset < 0 || destination.Length - destinationOffset < MaxEncodedLength(count)) return -1;

            int codeIndex;
            int write;
            BeginEncoding(destinationOffset, out codeIndex, out write);
            int end = offset + count;
            for (int i = offset; i < end; i++) EncodeByte(source[i], destination, ref codeIndex, ref write);
            return FinishEncoding(destination, codeIndex, write) - destinationOffset;
        }

        /// <summary>
        /// Decodes source[offset .. offset+count), which must not contain the 0x00 delimiter, into
        /// destination at destinationOffset. Returns the decoded length, or -1 when the input is not
        /// valid COBS (empty, a zero byte, a block running past the end) or the destination is too
        /// small. Decoding in place is allowed: same array with destinationOffset &lt;= offset, because
        /// the output never overtakes the input.
        /// </summary>
        public static int Decode(byte[] source, int offset, int count, byte[] destination, int destinationOffset)
        {
            if (!IsRange(source, offset, count) || destination == null) return -1;
            if (destinationOffset < 0 || destinationOffset > destination.Length) return -1;
            bool malformed;
            int produced = DecodeCore(source, offset, count, destination, destinationOffset,
                                      destination.Length - destinationOffset, out malformed);
            return malformed ? -1 : produced;
        }

        /// <summary>
        /// The decoding loop. Returns how many bytes were produced before the input ended or proved
        /// malformed, so a caller (the frame reader) can still read a header from a damaged frame.
        /// Arguments are trusted: callers validate them.
        /// </summary>
        internal static int DecodeCore(byte[] source, int offset, int count, byte[] destination,
                                       int destinationOffset, int capacity, out bool malformed)
        {
            malformed = count == 0; // even an empty message encodes to one code byte
            int read = offset;
            int end = offset + count;
            int write = destinationOffset;
            int limit = destinationOffset + capacity;
            while (read < end)
            {
                int code = source[read++];
                if (code == 0) { malformed = true; break; }
                int blockLength = code - 1;
                bool truncated = blockLength > end - read;
                if (truncated) blockLength = end - read;
                if (blockLength > limit - write) { blockLength = limit - write; truncated = true; }
                for (int k = 0; k < blockLength; k++)
                {
                    byte b = source[read++];
                    if (b == 0) { malformed = true; return write - destinationOffset; }
                    destination[write++] = b;
                }
                if (truncated) { malformed = true; break; }
                // A short block stands for "data then zero", except the zero implied at the very end.
                if (code != FullBlockCode && read < end)
                {
                    if (write >= limit) { malformed = true; break; }
                    destination[write++] = 0;
                }
            }
            return write - destinationOffset;
        }

        // Streaming encoder, shared with FrameWriter so a frame is encoded as it is assembled.
        // State: codeIndex = where the open block's code byte goes (-1: no block open, right after a
        // full 254-byte block), write = the next output position. The open block's code is
        // write - codeIndex. Room must have been checked against MaxEncodedLength beforehand.

        internal static void BeginEncoding(int outputOffset, out int codeIndex, out int write)
        {
            codeIndex = outputOffset;
            write = outputOffset + 1;
        }

        internal static void EncodeByte(byte b, byte[] output, ref int codeIndex, ref int write)
        {
            // Open a block lazily after a full one, so input ending on a full block gets no empty tail.
            if (codeIndex < 0) codeIndex = write++;
            if (b == 0)
            {
                output[codeIndex] = (byte)(write - codeIndex);
                codeIndex = write++;
                return;
            }
            output[write++] = b;
            if (write - codeIndex == FullBlockCode)
            {
                output[codeIndex] = FullBlockCode;
                codeIndex = -1;
            }
        }

        /// <summary>Closes the open block; returns the end position of the encoded bytes.</summary>
        internal static int FinishEncoding(byte[] output, int codeIndex, int write)
        {
            if (codeIndex >= 0) output[codeIndex] = (byte)(write - codeIndex);
            return write;
        }

        internal static bool IsRange(byte[] array, int offset, int count)
        {
            return array != null && offset >= 0 && count >= 0 && offset <= array.Length && count <= array.Length - offset;
        }
    }
}
