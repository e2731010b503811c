namespace Edge.Core.Protocol
{
    /// <summary>
    /// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, not reflected, no final xor; check value of
    /// "123456789" is 0x29B1), the frame checksum of the wire protocol. Table-driven, one lookup per
    /// byte. Because there is no final xor, a finished CRC is also the running state:
    /// Update(Compute(a), b) == Compute(a followed by b), and Compute of nothing is <see cref="Initial"/>.
    /// </summary>
    public static class Crc16
    {
        /// <summary>The CRC of an empty message, and the state to start an incremental computation from.</summary>
        public const ushort Initial = 0xFFFF;

        private const int Polynomial = 0x1021;

        private static readonly ushort[] Table = BuildTable();

        private static ushort[] BuildTable()
        {
            ushort[] table = new ushort[256];
            for (int n = 0; n < 256; n++)
            {
                int crc = n << 8;
                for (int bit = 0; bit < 8; bit++)
                    crc = (crc & 0x8000) != 0 ? (crc << 1) ^ Polynomial : crc << 1;
                table[n] = (ushort)crc;
            }
            return table;
        }

        /// <summary>The CRC of data[offset .. offset+count).</summary>
        public static ushort Compute(byte[] data, int offset, int count) { return Update(Initial, data, offset, count); }

        /// <summary>Extends <paramref name="crc"/> (of the bytes so far) by data[offset .. offset+count).</summary>
        public static ushort Update(ushort crc, byte[] data, int offset, int count)
        {
            int state = crc;
            int end = offset + count;
            for (int i = offset; i < end; i++)
                state = ((state << 8) ^ Table[((state >> 8) ^ data[i]) & 0xFF]) & 0xFFFF;
            return (ushort)state;
        }

        /// <summary>Extends <paramref name="crc"/> by one byte.</summary>
        public static ushort Update(ushort crc, byte value)
        {
            return (ushort)(((crc << 8) ^ Table[((crc >> 8) ^ value) & 0xFF]) & 0xFFFF);
        }
    }
}
