namespace Edge.Core.Numerics
{
    /// <summary>
    /// Number of significant bits of an unsigned 64-bit value (0 for 0). Per-unit work of every
    /// weight update (the block-floating-point mantissa of each unit's step) and of every log.
    /// </summary>
    public static class BitLength
    {
        /// <summary>The bit length: one lzcnt on a host (net10.0), <see cref="Portable"/> on a device.</summary>
        public static int Of(ulong v)
        {
#if NET
            return 64 - System.Numerics.BitOperations.LeadingZeroCount(v);
#else
            return Portable(v);
#endif
        }

        /// <summary>
        /// The device's version, without branches: the values it meets (update steps, loss sums) vary
        /// from sample to sample, and a binary search by branches would be mispredicted about half the
        /// time. nanoFramework has no BitOperations.
        /// </summary>
        public static int Portable(ulong v)
        {
            // each step: s = 2^k if v has a bit at or above 2^k, else 0 (0 − t has its top bit set iff t ≠ 0)
            int s = (int)((0UL - (v >> 32)) >> 63) << 5; v >>= s; int bits = s;
            s = (int)((0UL - (v >> 16)) >> 63) << 4; v >>= s; bits += s;
            s = (int)((0UL - (v >> 8)) >> 63) << 3; v >>= s; bits += s;
            s = (int)((0UL - (v >> 4)) >> 63) << 2; v >>= s; bits += s;
            s = (int)((0UL - (v >> 2)) >> 63) << 1; v >>= s; bits += s;
            s = (int)((0UL - (v >> 1)) >> 63); v >>= s; bits += s;
            return bits + (int)v;
        }
    }
}
