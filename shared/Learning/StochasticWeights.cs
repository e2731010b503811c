using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// No extra bits at all: each update is rounded stochastically to whole Q3.12 LSBs (up with
    /// probability equal to the dropped fraction, from the core's PRNG), so in expectation it is
    /// exact and updates far below one LSB still move weights. Applied per sample. Costs nothing per
    /// weight; the price is added noise.
    /// </summary>
    public sealed class StochasticWeights : WeightStore
    {
        /// <summary>Bits rounded to nearest before the stochastic step (the rest are rounded stochastically).</summary>
        private const int StochasticBits = 24;
        private readonly Pcg32 _rng;

        public StochasticWeights(short[] weights, short[] biases, int inCount, ulong seed) : base(weights, biases, inCount)
        {
            _rng = new Pcg32(seed, 13);
        }

        public override void Reload() { }

        protected override void AddBias(int unit, long c)
        {
            Biases16[unit] = Sat.ToInt16(Biases16[unit] - Round(c, 32 - Q.WeightFrac));
        }

        protected override void AddWeight(int index, long product, int productFrac)
        {
            Weights16[index] = Sat.ToInt16(Weights16[index] - Round(product, productFrac - Q.WeightFrac));
        }

        /// <summary>x / 2^shift: the lowest bits to nearest, the last 24 stochastically (their bias is below 2^-24 LSB).</summary>
        private long Round(long x, int shift)
        {
            if (shift <= StochasticBits) return StochasticRounding.ShiftRight(x, shift, _rng);
            return StochasticRounding.ShiftRight(Sat.ShiftRound(x, shift - StochasticBits), StochasticBits, _rng);
        }

        public override void Commit() { }

        public override int StateBytes { get { return 0; } }
    }
}
