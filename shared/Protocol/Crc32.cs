namespace Edge.Core.Protocol
{
    /// <summary>
    /// CRC-32 as in IEEE 802.3 / zlib (reflected poly 0xEDB88320, init and final xor 0xFFFFFFFF;
    /// check value of "123456789" is 0xCBF43926): the checksum of the model image in flash.
    /// Table-driven. Like zlib's crc32(), Update takes and returns finished CRCs, so an image can be
    /// checked chunk by chunk: Update(Compute(a), b) == Compute(a followed by b), and Compute of
    /// nothing is <see cref="Initial"/> (0).
    /// </summary>
    public static class Crc32
    {
        /// <summary>The CRC of an empty message, and the value to start an incremental computation from.</summary>
        public const uint Initial = 0;

        private const uint ReflectedPolynomial = 0xEDB88320;

        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint crc = n;
                for (int bit = 0; bit < 8; bit++)
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
                table[n] = crc;
            }
            return table;
        }

        /// <summary>The CRC of data[offset .. offset+count).</summary>
        public static uint Compute(byte[] data, int offset, int count) { return Update(Initial, data, offset, count); }

        /// <summary>Extends the finished CRC <paramref name="crc"/> (of the bytes so far) by data[offset .. offset+count).</summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            uint state = ~crc; // undo the final xor to get the shift register back
            int end = offset + count;
            for (int i = offset; i < end; i++)
                state = (state >> 8) ^ Table[(state ^ data[i]) & 0xFF];
            return ~state;
        }

        /// <summary>Extends the finished CRC <paramref name="crc"/> by one byte.</summary>
        public static uint Update(uint crc, byte value)
        {
            uint state = ~crc;
            state = (state >> 8) ^ Table[(state ^ value) & 0xFF];
            return ~state;
        }
    }
}
