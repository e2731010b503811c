namespace Edge.Core.Numerics
{
    /// <summary>
    /// PCG32 (O'Neill 2014, XSH-RR output, 64-bit LCG state): the only random source of Edge.
    /// A (seed, stream) pair names a sequence; <see cref="Reseed"/> rewinds to its start without
    /// allocating, which is how perturbation directions are regenerated instead of stored.
    /// Integer-only and identical on every platform (never use System.Random in Edge).
    /// </summary>
    public sealed class Pcg32
    {
        private const ulong Multiplier = 6364136223846793005UL;
        private ulong _state;
        private ulong _increment;

        public Pcg32(ulong seed, ulong stream) { Reseed(seed, stream); }

        /// <summary>Restarts the generator at the first value of stream <paramref name="stream"/> of <paramref name="seed"/>.</summary>
        public void Reseed(ulong seed, ulong stream)
        {
            _increment = (stream << 1) | 1UL;
            _state = 0UL;
            NextUInt();
            _state += seed;
            NextUInt();
        }

        /// <summary>The next 32 uniformly distributed bits.</summary>
        public uint NextUInt()
        {
            ulong old = _state;
            _state = unchecked(old * Multiplier + _increment);
            uint xorShifted = (uint)(((old >> 18) ^ old) >> 27);
            int rotation = (int)(old >> 59);
            return (xorShifted >> rotation) | (xorShifted << ((-rotation) & 31));
        }

        /// <summary>A uniform integer in [0, bound), bound &gt; 0, without modulo bias (Lemire's method).</summary>
        public int NextInt(int bound)
        {
            uint b = (uint)bound;
            ulong m = (ulong)NextUInt() * b;
            uint low = (uint)m;
            if (low < b)
            {
                uint threshold = unchecked((uint)(-(int)b)) % b;
                while (low < threshold)
                {
                    m = (ulong)NextUInt() * b;
                    low = (uint)m;
                }
            }
            return (int)(m >> 32);
        }

        /// <summary>A uniform value in [0, 2^bits) for 0 &lt; bits &lt;= 32.</summary>
        public uint NextBits(int bits) { return bits >= 32 ? NextUInt() : NextUInt() >> (32 - bits); }
    }
}
