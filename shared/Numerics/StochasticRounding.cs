namespace Edge.Core.Numerics
{
    /// <summary>
    /// Stochastic rounding: x / 2^shift rounded up with probability equal to the dropped fraction,
    /// so the rounding is unbiased in expectation and updates below one LSB still move a weight
    /// on average. Driven by the core's PRNG, hence reproducible for a seed.
    /// </summary>
    public static class StochasticRounding
    {
        /// <summary>Arithmetic right shift by <paramref name="shift"/> (0..31) with stochastic rounding.</summary>
        public static long ShiftRight(long x, int shift, Pcg32 rng)
        {
            if (shift <= 0) return x;
            long floor = x >> shift;
            long fraction = x - (floor << shift);
            return rng.NextBits(shift) < (ulong)fraction ? floor + 1 : floor;
        }

        /// <summary>Bits drawn for the stochastic part of <see cref="ShiftRightWide"/>.</summary>
        public const int WideRandomBits = 24;

        /// <summary>
        /// x / 2^shift for shifts up to 62: bits below the lowest 24 dropped ones are first rounded to
        /// nearest, the remaining 24 stochastically, so the bias is below 2^-25 of the result's LSB.
        /// </summary>
        public static long ShiftRightWide(long x, int shift, Pcg32 rng)
        {
            if (shift <= WideRandomBits) return ShiftRight(x, shift, rng);
            return ShiftRight(Sat.ShiftRound(x, shift - WideRandomBits), WideRandomBits, rng);
        }
    }
}
