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
    }
}
